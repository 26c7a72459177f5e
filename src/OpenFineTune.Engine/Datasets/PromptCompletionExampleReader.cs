using System.Text.Json;

namespace OpenFineTune.Engine.Datasets;

/// <summary>
/// OpenAI's legacy <c>{"prompt","completion"}</c> examples become a user turn and an assistant turn. The prompt
/// may be empty (as the legacy API allowed); the completion is what is trained, so it may not be.
/// </summary>
internal static class PromptCompletionExampleReader
{
    static readonly string[] Keys = ["prompt", "completion"];
    const string Format = "a prompt/completion example";

    public static Conversation? Read(JsonElement example, LineProblems problems)
    {
        FlatExampleFields.CheckKeys(example, Keys, Format, problems);
        var prompt = FlatExampleFields.Read(example, "prompt", true, true, "a prompt/completion example needs a prompt", problems);
        var completion = FlatExampleFields.Read(example, "completion", true, false, "a prompt/completion example needs the completion to train on", problems);
        if (problems.Any) return null;
        return new Conversation(problems.Line, DatasetFormat.PromptCompletion,
            [ConversationMessage.Text(ChatRoles.User, prompt!, "prompt"), ConversationMessage.Text(ChatRoles.Assistant, completion!, "completion")],
            [], null);
    }
}
