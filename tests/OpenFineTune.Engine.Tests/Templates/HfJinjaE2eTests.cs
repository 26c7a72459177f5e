using System.Text.Json.Nodes;
using OpenFineTune.Engine.Templates;

namespace OpenFineTune.Engine.Tests.Templates;

/// <summary>Targets that huggingface.js records (from Python transformers) for the templates our fixtures share:
/// TinyLlama/Zephyr with and without the generation prompt, Llama 3.1 with a tool, Qwen2.5 with tool calls and results.
/// Golden/hf-jinja-e2e-cases.json, see extract_hf_jinja_e2e.py.</summary>
public class HfJinjaE2eTests
{
    static readonly JsonArray Cases = GoldenFiles.Load("hf-jinja-e2e-cases.json");

    public static TheoryData<int> CaseIndices => GoldenFiles.Indices("hf-jinja-e2e-cases.json");

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void RendersTheRecordedTarget(int index)
    {
        var c = Cases[index]!;
        var template = ChatTemplate.Parse(GoldenFiles.FixtureText(c["path"]!.GetValue<string>()));
        var variables = GoldenFiles.Extra(c["data"]);

        Assert.Equal(c["target"]!.GetValue<string>(), template.RenderVariables(variables));
    }
}
