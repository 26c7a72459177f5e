using System.Text.Json.Nodes;
using OpenFineTune.Engine.Templates;

namespace OpenFineTune.Engine.Tests.Templates;

/// <summary>Every chat template in ../shared/fixtures on a fixed set of conversations (system or not, generation
/// prompt both ways, multi-turn, non-ASCII, tools and tool calls, Llama's strftime_now date line, roles out of order).
/// Expected text, or the message raise_exception gives, is Hugging Face's: Golden/fixture-cases.json from
/// make_fixture_golden.py (Python Jinja2 3.1.6 set up as transformers' _compile_jinja_template).</summary>
public class FixtureTemplateTests
{
    static readonly JsonArray Cases = GoldenFiles.Load("fixture-cases.json");

    public static TheoryData<int> CaseIndices => GoldenFiles.Indices("fixture-cases.json");

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void RendersLikeHuggingFace(int index)
    {
        var c = Cases[index]!;
        var template = ChatTemplate.Parse(GoldenFiles.FixtureText(c["path"]!.GetValue<string>()), new FixedClock());
        var messages = c["messages"]!.AsArray();
        var addGenerationPrompt = c["add_generation_prompt"]!.GetValue<bool>();
        var extra = GoldenFiles.Extra(c["extra"]);

        if (c["error"] is JsonNode error)
        {
            var raised = Assert.Throws<TemplateRaisedException>(() => template.Render(messages, addGenerationPrompt, extra));
            Assert.Equal(error.GetValue<string>(), raised.Message);
        }
        else Assert.Equal(c["expected"]!.GetValue<string>(), template.Render(messages, addGenerationPrompt, extra));
    }
}
