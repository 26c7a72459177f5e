using System.Text.Json;

namespace OpenFineTune.Engine.Datasets;

/// <summary>The example formats a fine-tuning file may use; one file uses one.</summary>
public enum DatasetFormat
{
    /// <summary>OpenAI's chat format: <c>{"messages": [...], "tools"?, "parallel_tool_calls"?, "functions"?}</c>.</summary>
    Chat,
    /// <summary>Alpaca: <c>{"instruction", "input"?, "output"}</c>.</summary>
    Alpaca,
    /// <summary>Plain text with turns: <c>{"text": "### User: …\n### Assistant: …"}</c>.</summary>
    TurnText,
    /// <summary>OpenAI's legacy completions format: <c>{"prompt", "completion"}</c>.</summary>
    PromptCompletion,
}

public static class DatasetFormats
{
    /// <summary>The format a line's keys point to, or null when they point to none.</summary>
    public static DatasetFormat? Detect(JsonElement example)
    {
        bool Has(string key) => example.TryGetProperty(key, out _);
        if (Has("messages")) return DatasetFormat.Chat;
        if (Has("instruction") || Has("output")) return DatasetFormat.Alpaca;
        if (Has("prompt") || Has("completion")) return DatasetFormat.PromptCompletion;
        if (Has("text")) return DatasetFormat.TurnText;
        return null;
    }

    /// <summary>A name a user recognises, with the keys that define the format.</summary>
    public static string Describe(this DatasetFormat format) => format switch
    {
        DatasetFormat.Chat => "a chat example ({\"messages\": [...]})",
        DatasetFormat.Alpaca => "an Alpaca example ({\"instruction\", \"input\", \"output\"})",
        DatasetFormat.TurnText => "a \"### User:\" text example ({\"text\": \"### User: ...\\n### Assistant: ...\"})",
        _ => "a prompt/completion example ({\"prompt\", \"completion\"})",
    };
}
