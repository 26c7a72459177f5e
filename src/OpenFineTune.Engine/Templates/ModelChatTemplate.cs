using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenFineTune.Engine.Templates;

/// <summary>A model directory's chat template with the special tokens transformers passes to it
/// (bos_token, eos_token, ... only those that are set, so an unset one is undefined in the template).</summary>
public sealed class ModelChatTemplate
{
    static readonly string[] SpecialTokenNames = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"];

    public ChatTemplate Template { get; }

    public IReadOnlyDictionary<string, object?> SpecialTokens { get; }

    /// <summary>The file the template text came from.</summary>
    public string SourceFile { get; }

    /// <summary>The template text (read, e.g., to tell which tool-call format the model was trained on).</summary>
    public string Source { get; }

    ModelChatTemplate(ChatTemplate template, IReadOnlyDictionary<string, object?> specialTokens, string sourceFile, string source)
    {
        Template = template;
        Source = source;
        SpecialTokens = specialTokens;
        SourceFile = sourceFile;
    }

    /// <summary>Reads chat_template.jinja, else chat_template.json, else tokenizer_config.json's "chat_template"
    /// (a string, or a list of named templates of which "default" is used). Null when the model has no template.</summary>
    /// <exception cref="InvalidDataException">a file is not valid JSON or the template does not parse; the message names the file.</exception>
    public static ModelChatTemplate? Load(string modelDirectory, TimeProvider? clock = null)
    {
        var config = ReadJson(Path.Combine(modelDirectory, "tokenizer_config.json"));
        var (source, file) = FindSource(modelDirectory, config);
        if (source is null) return null;
        try
        {
            return new ModelChatTemplate(ChatTemplate.Parse(source, clock), SpecialTokensFrom(modelDirectory, config), file, source);
        }
        catch (TemplateException e)
        {
            throw new InvalidDataException($"{file}: {e.Message}", e);
        }
    }

    /// <summary>Renders a conversation with the model's special tokens; <paramref name="tools"/> are OpenAI-style tool
    /// definitions (null for none) and <paramref name="extra"/> any further template variables.</summary>
    public string Render(IEnumerable<object?> messages, bool addGenerationPrompt, object? tools = null, IDictionary<string, object?>? extra = null)
    {
        var variables = new Dictionary<string, object?>(SpecialTokens) { ["tools"] = tools };
        if (extra is not null) foreach (var (key, value) in extra) variables[key] = value;
        return Template.Render(messages, addGenerationPrompt, variables);
    }

    static (string? Source, string File) FindSource(string directory, JsonNode? config)
    {
        var jinja = Path.Combine(directory, "chat_template.jinja");
        if (File.Exists(jinja)) return (File.ReadAllText(jinja), jinja);
        var json = Path.Combine(directory, "chat_template.json");
        if (ReadJson(json)?["chat_template"] is JsonNode fromJson) return (TemplateText(fromJson, json), json);
        var configFile = Path.Combine(directory, "tokenizer_config.json");
        return (config?["chat_template"] is JsonNode fromConfig ? TemplateText(fromConfig, configFile) : null, configFile);
    }

    static string TemplateText(JsonNode node, string file) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonArray named => named.FirstOrDefault(t => t?["name"]?.GetValue<string>() == "default")?["template"]?.GetValue<string>()
            ?? throw new InvalidDataException($"{file}: chat_template is a list without a template named \"default\""),
        _ => throw new InvalidDataException($"{file}: chat_template must be a string or a list of {{name, template}}"),
    };

    static Dictionary<string, object?> SpecialTokensFrom(string directory, JsonNode? config)
    {
        var map = ReadJson(Path.Combine(directory, "special_tokens_map.json"));
        var tokens = new Dictionary<string, object?>();
        foreach (var name in SpecialTokenNames)
            if ((TokenText(config?[name]) ?? TokenText(map?[name])) is { Length: > 0 } text) tokens[name] = text;
        if ((config?["additional_special_tokens"] ?? map?["additional_special_tokens"]) is JsonArray extra)
            tokens["additional_special_tokens"] = extra.Select(t => (object?)TokenText(t)).ToList();
        return tokens;
    }

    // A token is either "text" or an AddedToken object {"content": "text", ...}.
    static string? TokenText(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonObject added => added["content"]?.GetValue<string>(),
        _ => null,
    };

    static JsonNode? ReadJson(string path)
    {
        if (!File.Exists(path)) return null;
        try { return JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
    }
}
