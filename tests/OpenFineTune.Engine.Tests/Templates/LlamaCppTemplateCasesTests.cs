using System.Text.Json.Nodes;
using OpenFineTune.Engine.Templates;

namespace OpenFineTune.Engine.Tests.Templates;

/// <summary>Expected outputs recorded in llama.cpp's tests/test-chat-template.cpp (Golden/llamacpp-cases.json,
/// see extract_llamacpp_cases.py): its fixed six-message conversation, add_generation_prompt on. Where llama.cpp
/// merges an unsupported system message into the first user turn, the test sends that merged conversation.</summary>
public class LlamaCppTemplateCasesTests
{
    static readonly JsonArray Cases = GoldenFiles.Load("llamacpp-cases.json");

    public static TheoryData<int> CaseIndices => GoldenFiles.Indices("llamacpp-cases.json");

    static List<object?> Conversation(bool systemMerged)
    {
        var turns = new List<(string Role, string Content)>
        {
            ("system", "You are a helpful assistant"), ("user", "Hello"), ("assistant", "Hi there"),
            ("user", "Who are you"), ("assistant", "   I am an assistant   "), ("user", "Another question"),
        };
        if (systemMerged) turns = [("user", turns[0].Content + "\n" + turns[1].Content), .. turns.Skip(2)];
        return turns.Select(t => (object?)new Dictionary<string, object?> { ["role"] = t.Role, ["content"] = t.Content }).ToList();
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void RendersTheRecordedOutput(int index)
    {
        var c = Cases[index]!;
        var template = ChatTemplate.Parse(c["template"]!.GetValue<string>());
        var extra = new Dictionary<string, object?> { ["bos_token"] = c["bos_token"]!.GetValue<string>(), ["eos_token"] = c["eos_token"]!.GetValue<string>() };

        var output = template.Render(Conversation(c["system_merged"]!.GetValue<bool>()), addGenerationPrompt: true, extra);

        Assert.Equal(c["expected"]!.GetValue<string>(), output);
    }
}
