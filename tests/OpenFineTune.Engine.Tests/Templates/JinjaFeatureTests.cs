using System.Text.Json.Nodes;
using OpenFineTune.Engine.Templates;

namespace OpenFineTune.Engine.Tests.Templates;

/// <summary>One small template per Jinja feature (whitespace control, loops, scoping, namespace, macros, operators,
/// Python number printing, string/dict methods, filters, tojson options, tests, failures). Expected output, or
/// whether rendering fails, is Python Jinja2's under transformers' settings: Golden/feature-cases.json from make_feature_golden.py.</summary>
public class JinjaFeatureTests
{
    static readonly JsonArray Cases = GoldenFiles.Load("feature-cases.json");

    public static TheoryData<int> CaseIndices => GoldenFiles.Indices("feature-cases.json");

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void RendersLikeJinja2(int index)
    {
        var c = Cases[index]!;
        var template = ChatTemplate.Parse(c["template"]!.GetValue<string>());
        var variables = GoldenFiles.Extra(c["variables"]);

        if (c["error"] is not JsonNode error) { Assert.Equal(c["expected"]!.GetValue<string>(), template.RenderVariables(variables)); return; }
        if (c["raised_by_template"]!.GetValue<bool>())
            Assert.Equal(error.GetValue<string>(), Assert.Throws<TemplateRaisedException>(() => template.RenderVariables(variables)).Message);
        else
            Assert.Throws<TemplateException>(() => template.RenderVariables(variables));
    }
}
