using OpenFineTune.Engine.Models;

namespace OpenFineTune.Engine.Tests.Models;

public class DecoderConfigTests
{
    static string Fixture(params string[] parts) => Path.Combine([TestPaths.Fixtures, .. parts]);

    [Fact]
    public void Qwen25ConfigHasBiasesTiedHeadAndNoWindow()
    {
        // Values from shared/fixtures/qwen2.5-instruct/config.json (Qwen2.5-0.5B-Instruct).
        var c = DecoderConfig.Load(Fixture("qwen2.5-instruct", "config.json"));
        Assert.Same(ModelFamily.Qwen2, c.Family);
        Assert.Equal((896, 24, 14, 2, 64, 4864, 151936), (c.HiddenSize, c.NumHiddenLayers, c.NumAttentionHeads, c.KeyValueHeads, c.HeadDimension, c.IntermediateSize, c.VocabSize));
        Assert.True(c.Family.QkvBias(c));
        Assert.False(c.Family.OutputBias(c));
        Assert.True(c.TieWordEmbeddings);
        Assert.Null(c.EffectiveSlidingWindow); // use_sliding_window is false
        Assert.Equal(1e6, c.RopeTheta);
        Assert.Equal(1e-6, c.RmsNormEps);
        Assert.Equal("bfloat16", c.SavedDtype);
    }

    [Fact]
    public void Llama32ConfigHasLlama3RopeScalingAndEosList()
    {
        var c = DecoderConfig.Load(Fixture("llama-3.2-instruct", "config.json"));
        Assert.Same(ModelFamily.Llama, c.Family);
        Assert.Equal("llama3", c.RopeScaling!.Kind);
        Assert.Equal((32.0, 1.0, 4.0, 8192), (c.RopeScaling.Factor, c.RopeScaling.LowFreqFactor, c.RopeScaling.HighFreqFactor, c.RopeScaling.OriginalMaxPositionEmbeddings));
        Assert.Equal([128001, 128008, 128009], c.EosTokenId);
        Assert.Equal((64, 8, 500000.0, 131072), (c.HeadDimension, c.KeyValueHeads, c.RopeTheta, c.MaxPositionEmbeddings));
        Assert.False(c.Family.QkvBias(c));
        Assert.Equal("float16", c.SavedDtype);
    }

    [Fact]
    public void SmolLm2AndTinyLlamaConfigs()
    {
        var smol = DecoderConfig.Load(Fixture("smollm2-instruct", "config.json"));
        Assert.Equal((576, 30, 9, 3, 64, 100000.0), (smol.HiddenSize, smol.NumHiddenLayers, smol.NumAttentionHeads, smol.KeyValueHeads, smol.HeadDimension, smol.RopeTheta));
        Assert.Null(smol.RopeScaling);
        var tiny = DecoderConfig.Load(Fixture("tinyllama-chat", "config.json"));
        Assert.False(tiny.TieWordEmbeddings);
        Assert.Equal("float32", tiny.SavedDtype); // transformers 4.56 spells it "dtype"
        Assert.Equal((2048, 22, 4, 5632), (tiny.HiddenSize, tiny.NumHiddenLayers, tiny.KeyValueHeads, tiny.IntermediateSize));
    }

    [Fact]
    public void GenerationConfigReadsEosAsListAndSamplingDefaults()
    {
        var dir = Fixture("qwen2.5-instruct");
        var g = GenerationConfig.Load(dir, DecoderConfig.Load(Path.Combine(dir, "config.json")));
        Assert.Equal([151645, 151643], g.EosTokenIds);
        Assert.Equal((0.7, 0.8, 20), (g.Temperature, g.TopP, g.TopK));
        var smol = GenerationConfig.Load(Fixture("smollm2-instruct"), DecoderConfig.Load(Fixture("smollm2-instruct", "config.json")));
        Assert.Equal([2], smol.EosTokenIds);
        Assert.Equal(1, smol.BosTokenId);
    }

    [Fact]
    public void MistralUsesItsSlidingWindow()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("config.json"), """
            {"architectures": ["MistralForCausalLM"], "vocab_size": 32768, "hidden_size": 4096, "intermediate_size": 14336,
             "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "sliding_window": 4096, "rope_theta": 1000000.0}
            """);
        var c = DecoderConfig.Load(dir.File("config.json"));
        Assert.Same(ModelFamily.Mistral, c.Family);
        Assert.Equal(4096, c.EffectiveSlidingWindow);
        Assert.Equal(128, c.HeadDimension);
    }

    [Theory]
    [InlineData("""{"architectures": ["GPT2LMHeadModel"], "vocab_size": 1}""", "architecture \"GPT2LMHeadModel\" is not supported")]
    [InlineData("""{"architectures": ["LlamaForCausalLM"], "vocab_size": 10, "hidden_size": 8, "intermediate_size": 8, "num_attention_heads": 2}""", "\"num_hidden_layers\" is missing")]
    [InlineData("""{"architectures": ["LlamaForCausalLM"], "vocab_size": 10, "hidden_size": 8, "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2, "rope_scaling": {"rope_type": "yarn", "factor": 4}}""", "rope_scaling type \"yarn\" is not supported")]
    [InlineData("""{"architectures": ["LlamaForCausalLM"], "vocab_size": 10,""", "not valid JSON")]
    [InlineData("""{"architectures": ["Qwen2ForCausalLM"], "vocab_size": 10, "hidden_size": 8, "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2, "use_sliding_window": true, "sliding_window": 4}""", "use_sliding_window true is not supported")]
    public void BadConfigIsAnErrorNamingFileAndProblem(string json, string problem)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("config.json"), json);
        var e = Assert.Throws<ModelLoadException>(() => DecoderConfig.Load(dir.File("config.json")));
        Assert.Equal(dir.File("config.json"), e.File);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void MissingConfigIsAnErrorNamingTheFile()
    {
        var e = Assert.Throws<ModelLoadException>(() => DecoderConfig.Load("/nonexistent/config.json"));
        Assert.Equal("/nonexistent/config.json: file not found", e.Message);
    }
}
