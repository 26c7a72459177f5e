using System.Text.Json;

namespace OpenFineTune.Engine.Datasets;

/// <summary>
/// Alpaca examples become one user turn and one assistant turn: the user turn is the instruction, followed by
/// a blank line and the input when the input is not empty (the Alpaca prompt keeps them in that order too).
/// </summary>
internal static class AlpacaExampleReader
{
    static readonly string[] Keys = ["instruction", "input", "output"];
    const string Format = "an Alpaca example";

    public static Conversation? Read(JsonElement example, LineProblems problems)
    {
        FlatExampleFields.CheckKeys(example, Keys, Format, problems);
        var instruction = FlatExampleFields.Read(example, "instruction", true, false, "an Alpaca example needs an instruction", problems);
        var input = FlatExampleFields.Read(example, "input", false, true, "", problems);
        var output = FlatExampleFields.Read(example, "output", true, false, "an Alpaca example needs the output to train on", problems);
        if (problems.Any) return null;
        var (user, source) = string.IsNullOrWhiteSpace(input)
            ? (instruction!, "instruction")
            : (instruction + "\n\n" + input, "instruction + input");
        return new Conversation(problems.Line, DatasetFormat.Alpaca,
            [ConversationMessage.Text(ChatRoles.User, user, source), ConversationMessage.Text(ChatRoles.Assistant, output!, "output")],
            [], null);
    }
}
