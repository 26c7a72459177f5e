using System.ClientModel;
using OpenAI.Chat;

namespace OpenFineTune.Server.Tests.Chat;

/// <summary>Chat as a user's code sees it through the official .NET SDK (sync and async, JSON and streaming).</summary>
public class ChatSdkTests
{
    [Fact]
    public async Task CompleteChatReturnsTheReplyWithConsistentUsage()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();
        var chat = SyncSdk.Chat(app, FakeTextGenerator.Model);

        ChatCompletion completion = chat.CompleteChat([new SystemChatMessage("Be kind."), new UserChatMessage("hi there")]);

        Assert.Equal(FakeTextGenerator.Reply, completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.StartsWith("chatcmpl-", completion.Id);
        Assert.Equal(FakeTextGenerator.Model, completion.Model);
        Assert.Equal("fp_fake", completion.SystemFingerprint);
        Assert.Equal(2, completion.Usage.InputTokenCount); // the fake counts one prompt id per message
        Assert.Equal(5, completion.Usage.OutputTokenCount);
        Assert.Equal(7, completion.Usage.TotalTokenCount);
        Assert.InRange(completion.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task CompleteChatStreamingGivesTheSameTextInPieces()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();
        var chat = SyncSdk.Chat(app, FakeTextGenerator.Model);

        var updates = chat.CompleteChatStreaming([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 3 }).ToList();

        Assert.Equal("Hello there,", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.Equal(ChatFinishReason.Length, updates.Single(u => u.FinishReason is not null).FinishReason);
        Assert.All(updates, u => Assert.StartsWith("chatcmpl-", u.CompletionId));
        Assert.Equal(3, engine.Requests.Single().MaxNewTokens);
    }

    [Fact]
    public async Task StreamingAsyncWithUsageReportsTheTokenCounts()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();
        var chat = app.Sdk().GetChatClient(FakeTextGenerator.Model);

        var text = "";
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
            usage ??= update.Usage;
        }

        Assert.Equal(FakeTextGenerator.Reply, text);
        Assert.NotNull(usage); // the .NET SDK asks for stream_options.include_usage itself
        Assert.Equal((1, 5, 6), (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount));
    }

    [Fact]
    public async Task LogprobsReachTheSdkWithBytesAndAlternatives()
    {
        var engine = new FakeTextGenerator();
        await using var app = engine.App();
        var chat = app.Sdk().GetChatClient(FakeTextGenerator.Model);

        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("hi")],
            new ChatCompletionOptions { IncludeLogProbabilities = true, TopLogProbabilityCount = 2 });

        var first = completion.ContentTokenLogProbabilities[0];
        Assert.Equal("Hello", first.Token);
        Assert.Equal(-0.1f, first.LogProbability, 5);
        Assert.Equal("Hello"u8.ToArray(), first.Utf8Bytes!.Value.ToArray());
        Assert.Equal(["alt1", "alt2"], first.TopLogProbabilities.Select(t => t.Token));
        Assert.Equal(5, completion.ContentTokenLogProbabilities.Count);
    }

    [Fact]
    public async Task UnknownModelIs404ModelNotFound()
    {
        await using var app = new FakeTextGenerator().App();
        var chat = SyncSdk.Chat(app, "gpt-nope");

        var error = Assert.Throws<ClientResultException>(() => chat.CompleteChat([new UserChatMessage("hi")]));

        Assert.Equal(404, error.Status);
        Assert.Contains("The model `gpt-nope` does not exist", error.Message);
    }

    [Fact]
    public async Task StreamingErrorsBeforeTheFirstByteAreOrdinaryHttpErrors()
    {
        await using var app = new FakeTextGenerator().App();
        var chat = app.Sdk().GetChatClient("gpt-nope");

        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in chat.CompleteChatStreamingAsync([new UserChatMessage("hi")])) { }
        });

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task AnOutOfRangeTemperatureIs400NamingIt()
    {
        await using var app = new FakeTextGenerator().App();
        var chat = app.Sdk().GetChatClient(FakeTextGenerator.Model);

        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => chat.CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { Temperature = 2.5f }));

        Assert.Equal(400, error.Status);
        Assert.Contains("temperature", error.Message);
    }
}
