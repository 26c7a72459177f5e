using System.Text.Json.Nodes;
using OpenFineTune.Engine.Templates;

namespace OpenFineTune.Engine.Tests.Templates;

/// <summary>The Mistral v3 template against mistral-common's own recorded chat text (text_v3.txt: the concatenated
/// SentencePiece pieces, '▁' for a space, '&lt;0x0A&gt;' for a newline). Three samples match byte for byte. In the other
/// three (get_weather_*) mistral-common re-serialises tool-call arguments and parses JSON tool results, which the template
/// cannot do, so Hugging Face differs there too; those are checked against HF's rendering in fixture-cases.json.</summary>
public class MistralCommonSampleTests
{
    static string SampleDirectory(string name) =>
        Path.Combine(TestPaths.Fixtures, "mistral-7b-instruct-v0.3", "mistral-common-samples", name);

    [Theory]
    [InlineData("no_tools")]
    [InlineData("parallel_calls")]
    [InlineData("several_calls")]
    public void RendersMistralCommonsRecordedText(string sample)
    {
        var template = ChatTemplate.Parse(GoldenFiles.FixtureText("mistral-7b-instruct-v0.3/mistral-common-v3_spm.jinja"));
        var request = JsonNode.Parse(File.ReadAllText(Path.Combine(SampleDirectory(sample), "sample.json")))!;
        var extra = new Dictionary<string, object?> { ["bos_token"] = "<s>", ["eos_token"] = "</s>", ["tools"] = request["tools"] };

        var text = template.Render(request["messages"]!.AsArray(), addGenerationPrompt: false, extra);

        var pieces = text.Replace(" ", "▁").Replace("\n", "<0x0A>");
        Assert.Equal(File.ReadAllText(Path.Combine(SampleDirectory(sample), "text_v3.txt")), pieces);
    }
}
