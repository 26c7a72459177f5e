using System.Text.Json.Nodes;
using OpenFineTune.Engine.Templates;

namespace OpenFineTune.Engine.Tests.Templates;

/// <summary>52 real Hub chat templates (Zephyr/TinyLlama, Llama 3.1/3.2-Vision, Qwen2.5/Qwen3, Mistral, Command-R,
/// DeepSeek-R1, SmolLM3, ...) with the text huggingface.js records for them, kept where Python Jinja2 set up as
/// transformers agrees (Golden/hf-jinja-e2e-cases.json, see extract_hf_jinja_e2e.py). The JS test's clock is
/// 2025-07-10T12:00:00Z; strftime_now here reads the same instant.</summary>
public class HfJinjaE2eTests
{
    static readonly JsonArray Cases = GoldenFiles.Load("hf-jinja-e2e-cases.json");

    public static TheoryData<int> CaseIndices => GoldenFiles.Indices("hf-jinja-e2e-cases.json");

    sealed class JsTestClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2025, 7, 10, 12, 0, 0, TimeSpan.Zero);

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void RendersTheRecordedTarget(int index)
    {
        var c = Cases[index]!;
        var template = ChatTemplate.Parse(c["template"]!.GetValue<string>(), new JsTestClock());

        var output = template.RenderVariables(GoldenFiles.Extra(c["data"]));

        Assert.Equal(c["target"]!.GetValue<string>(), output);
    }
}
