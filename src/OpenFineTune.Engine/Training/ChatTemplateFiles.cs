using System.Text.Json;
using OpenFineTune.Engine.Templates;
using OpenFineTune.Engine.Tokenization;

namespace OpenFineTune.Engine.Training;

/// <summary>
/// The chat template a model directory ships, where transformers looks for it: chat_template.jinja, else
/// tokenizer_config.json's <c>chat_template</c> (a string, or a list of named templates of which "default" is used).
/// </summary>
public static class ChatTemplateFiles
{
    /// <summary>The parsed template, or null when the model has none (it then trains on plain concatenated text).</summary>
    public static ChatTemplate? Load(string modelDirectory)
    {
        var jinja = Path.Combine(modelDirectory, "chat_template.jinja");
        if (File.Exists(jinja)) return ChatTemplate.Parse(File.ReadAllText(jinja));
        var config = Path.Combine(modelDirectory, "tokenizer_config.json");
        if (!File.Exists(config)) return null;
        using var json = JsonDocument.Parse(File.ReadAllText(config));
        if (!json.RootElement.TryGetProperty("chat_template", out var template)) return null;
        return template.ValueKind switch
        {
            JsonValueKind.String => ChatTemplate.Parse(template.GetString()!),
            JsonValueKind.Array => Named(template, "default") is { } source ? ChatTemplate.Parse(source) : null,
            _ => null,
        };
    }

    /// <summary>The variables HF passes besides the messages: the tokenizer's bos_token and eos_token text.</summary>
    public static Dictionary<string, object?> SpecialTokenVariables(ModelTokenizer tokenizer) => new()
    {
        ["bos_token"] = tokenizer.Specials.Bos ?? "",
        ["eos_token"] = tokenizer.Specials.Eos ?? "",
    };

    static string? Named(JsonElement templates, string name) => templates.EnumerateArray()
        .Where(t => t.TryGetProperty("name", out var n) && n.GetString() == name)
        .Select(t => t.GetProperty("template").GetString()).FirstOrDefault();
}
