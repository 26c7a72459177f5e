using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Tests.Storage;

public sealed class LiteDbMetadataStoreTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("oft-meta-").FullName;

    static FileRecord File(string id, string purpose = "fine-tune") =>
        new() { Id = id, CreatedAt = 1_795_000_000, Bytes = 3, Filename = id + ".jsonl", Purpose = purpose };

    [Fact]
    public async Task RecordsSurviveReopeningTheDatabase()
    {
        using (var store = new LiteDbMetadataStore(_dir))
            await store.Files.AddAsync(File("file-a"));

        using var reopened = new LiteDbMetadataStore(_dir);
        var found = await reopened.Files.FindAsync("file-a");

        Assert.Equal(File("file-a"), found);
    }

    [Fact]
    public async Task ListOrderIsInsertionOrderEvenAcrossReopens()
    {
        using (var store = new LiteDbMetadataStore(_dir))
        {
            await store.Files.AddAsync(File("file-z"));
            await store.Files.AddAsync(File("file-a"));
        }
        using var reopened = new LiteDbMetadataStore(_dir);
        await reopened.Files.AddAsync(File("file-m"));

        var page = await reopened.Files.ListAsync(new PageQuery(10));

        Assert.Equal(["file-m", "file-a", "file-z"], page.Items.Select(f => f.Id));
    }

    [Fact]
    public async Task ReplaceKeepsTheRecordsPlaceAndRemoveReportsWhetherItExisted()
    {
        using var store = new LiteDbMetadataStore(_dir);
        await store.Files.AddAsync(File("file-1"));
        await store.Files.AddAsync(File("file-2"));

        Assert.True(await store.Files.ReplaceAsync(File("file-1") with { Filename = "renamed" }));
        Assert.False(await store.Files.ReplaceAsync(File("file-3")));
        var page = await store.Files.ListAsync(new PageQuery(10, NewestFirst: false));
        Assert.Equal(["file-1", "file-2"], page.Items.Select(f => f.Id));
        Assert.Equal("renamed", page.Items[0].Filename);

        Assert.True(await store.Files.RemoveAsync("file-1"));
        Assert.False(await store.Files.RemoveAsync("file-1"));
        Assert.Null(await store.Files.FindAsync("file-1"));
    }

    [Fact]
    public async Task PagesFilterByListKeyAndContinueAfterACursor()
    {
        using var store = new LiteDbMetadataStore(_dir);
        foreach (var (id, purpose) in new[] { ("f1", "batch"), ("f2", "fine-tune"), ("f3", "fine-tune"), ("f4", "fine-tune") })
            await store.Files.AddAsync(File(id, purpose));

        var first = await store.Files.ListAsync(new PageQuery(2, ListKey: "fine-tune"));
        var second = await store.Files.ListAsync(new PageQuery(2, After: "f3", ListKey: "fine-tune"));

        Assert.Equal(["f4", "f3"], first.Items.Select(f => f.Id));
        Assert.True(first.HasMore);
        Assert.Equal(["f2"], second.Items.Select(f => f.Id));
        Assert.False(second.HasMore);
        await Assert.ThrowsAsync<UnknownCursorException>(() => store.Files.ListAsync(new PageQuery(2, After: "nope")));
    }

    [Fact]
    public async Task FineTunedModelsAreStoredLikeFiles()
    {
        using var store = new LiteDbMetadataStore(_dir);
        var model = new FineTunedModelRecord
        {
            Id = "ft:openfinetune-tiny:local::x1", CreatedAt = 5, Owner = "local", BaseModel = "openfinetune-tiny",
            AdapterPath = "adapters/ftjob-1", JobId = "ftjob-1",
        };

        await store.FineTunedModels.AddAsync(model);

        Assert.Equal(model, await store.FineTunedModels.FindAsync(model.Id));
        Assert.Single((await store.FineTunedModels.ListAsync(new PageQuery(10, ListKey: "ftjob-1"))).Items);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
