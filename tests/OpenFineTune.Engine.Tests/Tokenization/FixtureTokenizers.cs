using OpenFineTune.Engine.Tokenization;

namespace OpenFineTune.Engine.Tests.Tokenization;

/// <summary>
/// The real tokenizers in ../shared/fixtures (see its SOURCES.md), each loaded once per test run
/// because the big vocabularies take a moment.
/// </summary>
static class FixtureTokenizers
{
    static readonly Dictionary<string, Lazy<ModelTokenizer>> cache = new()
    {
        ["llama3-tokenizer.json"] = Dir("npm-lenml-tokenizers/llama3-instruct"),
        ["llama3.2-tokenizer.model"] = Dir("llama-3.2-instruct"),
        ["qwen2.5-vocab+merges"] = Dir("qwen2.5-instruct"),
        ["qwen3-tokenizer.json"] = Dir("npm-lenml-tokenizers/qwen3"),
        ["tinyllama-tokenizer.json"] = Dir("tinyllama-chat"),
        ["tinyllama-tokenizer.model"] = File("tinyllama-chat/tokenizer.model", "tinyllama-chat"),
        ["smollm2-tokenizer.json"] = Dir("smollm2-instruct"),
        ["mistral-v3-tokenizer.model"] = Dir("mistral-7b-instruct-v0.3"),
        ["stories260k"] = Dir("reference-models/stories260k/hf"),
        ["tiny-qwen2-random"] = Dir("reference-models/tiny-qwen2-random/hf"),
        ["tiny-llama3-random"] = Dir("reference-models/tiny-llama3-random/hf"),
    };

    public static IEnumerable<string> Names => cache.Keys;

    public static ModelTokenizer Get(string name) => cache[name].Value;

    static Lazy<ModelTokenizer> Dir(string relative) =>
        new(() => TokenizerFiles.FromDirectory(Path.Combine(TestPaths.Fixtures, relative)));

    static Lazy<ModelTokenizer> File(string relative, string? configDir) =>
        new(() => TokenizerFiles.FromFile(Path.Combine(TestPaths.Fixtures, relative),
            configDir is null ? null : Path.Combine(TestPaths.Fixtures, configDir)));
}

/// <summary>
/// llama.cpp's tokenizer test vectors (tests/test-tokenizer-0): inputs separated by
/// "\n__ggml_vocab_test__\n" and, per input, the ids HF tokenizers gave with add_special_tokens=False.
/// </summary>
static class LlamaCppVectors
{
    public static IReadOnlyList<(string Text, int[] Ids)> Load(string vocab)
    {
        string dir = Path.Combine(TestPaths.Fixtures, "tokenizer-tests", "llama.cpp");
        var inputs = System.IO.File.ReadAllText(Path.Combine(dir, $"ggml-vocab-{vocab}.gguf.inp")).Split("\n__ggml_vocab_test__\n");
        var outputs = System.IO.File.ReadAllText(Path.Combine(dir, $"ggml-vocab-{vocab}.gguf.out")).Split('\n');
        // Both files end with a separator / newline: the last element is empty and not a case.
        int count = inputs.Length - 1;
        Assert.Equal(count, outputs.Length - 1);
        return Enumerable.Range(0, count).Select(i => (inputs[i],
            outputs[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray())).ToList();
    }

    public static IEnumerable<string> AllInputs() => Load("llama-bpe").Select(c => c.Text);
}
