using OpenFineTune.Engine.Tokenization;

namespace OpenFineTune.Engine.Tests.Tokenization;

/// <summary>Missing or broken tokenizer files give an error that names the file and the problem.</summary>
public sealed class LoadErrorTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("tok-errors-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Directory_without_tokenizer_files()
    {
        var e = Assert.Throws<TokenizerLoadException>(() => TokenizerFiles.FromDirectory(dir));
        Assert.Contains("no tokenizer.json", e.Message);
        Assert.Equal(dir, e.File);
    }

    [Fact]
    public void Truncated_tokenizer_json()
    {
        string path = Path.Combine(dir, "tokenizer.json");
        File.WriteAllText(path, """{"model": {"type": "BPE", "vocab": {"a": 0""");
        var e = Assert.Throws<TokenizerLoadException>(() => TokenizerFiles.FromDirectory(dir));
        Assert.Equal(path, e.File);
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void Unsupported_model_type()
    {
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), """{"model": {"type": "Unigram", "vocab": []}}""");
        var e = Assert.Throws<TokenizerLoadException>(() => TokenizerFiles.FromDirectory(dir));
        Assert.Contains("'Unigram' is not supported", e.Message);
    }

    [Fact]
    public void Garbage_tokenizer_model()
    {
        File.WriteAllBytes(Path.Combine(dir, "tokenizer.model"), [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
        var e = Assert.Throws<TokenizerLoadException>(() => TokenizerFiles.FromDirectory(dir));
        Assert.EndsWith("tokenizer.model", e.File);
    }
}
