using System.Text.Json;
using OpenFineTune.Engine.Models;
using OpenFineTune.Engine.Models.BuiltIn;
using TorchSharp;
using static TorchSharp.torch;

namespace OpenFineTune.Engine.Tests.Models;

public class BuiltInModelTests
{
    [Fact]
    public void CreatingItTwiceGivesByteIdenticalFiles()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var first = BuiltInModel.EnsureCreated(a.Path);
        var second = BuiltInModel.EnsureCreated(b.Path);
        var names = Directory.GetFiles(first).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["config.json", "generation_config.json", "model.safetensors", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json"], names);
        foreach (var name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(first, name)).SequenceEqual(File.ReadAllBytes(Path.Combine(second, name!))), name);
    }

    [Fact]
    public void ItLoadsLikeAnyHfModelWithTheRecipesShapeAndInit()
    {
        using var data = new TempDirectory();
        var dir = BuiltInModel.EnsureCreated(data.Path);
        Assert.Equal(Path.Combine(data.Path, "models", "openfinetune-tiny"), dir);
        using var model = ModelDirectory.Load(dir);
        Assert.Equal((128, 4, 4, 384, 259, false), (model.Config.HiddenSize, model.Config.NumHiddenLayers, model.Config.NumAttentionHeads, model.Config.IntermediateSize, model.Config.VocabSize, model.Config.TieWordEmbeddings));
        Assert.Equal(ScalarType.Float32, model.DType);
        Assert.Equal([257], model.Generation.EosTokenIds); // <|im_end|>
        Assert.Equal(2 * 259 * 128 + 4 * (4 * 128 * 128 + 3 * 128 * 384 + 2 * 128) + 128, model.parameters().Sum(p => p.numel()));
        // builtin-model-notes.md: embeddings and linears N(0, 0.02), lm_head N(0, 0.2).
        Assert.InRange(model.get_parameter("lm_head.weight")!.std().item<float>(), 0.19, 0.21);
        Assert.InRange(model.get_parameter("model.layers.0.mlp.up_proj.weight")!.std().item<float>(), 0.019, 0.021);
        using var noGrad = no_grad();
        using var logits = model.forward(tensor(new long[] { 256, 80, 71 }).unsqueeze(0));
        Assert.Equal(new long[] { 1, 3, 259 }, logits.shape);
        Assert.False(logits.isnan().any().item<bool>());
    }

    [Fact]
    public void CreatingAgainKeepsTheExistingDirectory()
    {
        using var data = new TempDirectory();
        var dir = BuiltInModel.EnsureCreated(data.Path);
        var written = File.GetLastWriteTimeUtc(Path.Combine(dir, "model.safetensors"));
        File.SetLastWriteTimeUtc(Path.Combine(dir, "model.safetensors"), written.AddDays(-1));
        Assert.Equal(dir, BuiltInModel.EnsureCreated(data.Path));
        Assert.Equal(written.AddDays(-1), File.GetLastWriteTimeUtc(Path.Combine(dir, "model.safetensors")));
    }

    [Fact]
    public void TokenizerFilesAreByteLevelBpeWithChatMlSpecials()
    {
        using var data = new TempDirectory();
        var dir = BuiltInModel.EnsureCreated(data.Path);
        using var tokenizer = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "tokenizer.json")));
        var model = tokenizer.RootElement.GetProperty("model");
        Assert.Equal("BPE", model.GetProperty("type").GetString());
        Assert.Equal(0, model.GetProperty("merges").GetArrayLength());
        var vocab = model.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(256, vocab.Count);
        // GPT-2's table: "!" (byte 33) is id 0, "Ġ" stands for the space byte, "Ā" for byte 0.
        Assert.Equal((0, 93, 188), (vocab["!"], vocab["~"] , vocab["Ā"]));
        Assert.Contains("Ġ", vocab.Keys);
        Assert.Equal("ByteLevel", tokenizer.RootElement.GetProperty("pre_tokenizer").GetProperty("type").GetString());
        Assert.Equal("ByteLevel", tokenizer.RootElement.GetProperty("decoder").GetProperty("type").GetString());
        var added = tokenizer.RootElement.GetProperty("added_tokens").EnumerateArray()
            .Select(t => (t.GetProperty("id").GetInt32(), t.GetProperty("content").GetString(), t.GetProperty("special").GetBoolean())).ToList();
        Assert.Equal([(256, "<|im_start|>", true), (257, "<|im_end|>", true), (258, "<|endoftext|>", true)], added);

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "tokenizer_config.json")));
        Assert.Equal("<|im_end|>", config.RootElement.GetProperty("eos_token").GetString());
        Assert.Equal("<|endoftext|>", config.RootElement.GetProperty("pad_token").GetString());
        var template = config.RootElement.GetProperty("chat_template").GetString()!;
        Assert.Contains("<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'", template);
        Assert.Contains("add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}", template);
    }
}
