using OpenAI.Chat;
using OpenFineTune.Server.Tests.Completions;

namespace OpenFineTune.Server.Tests.Chat;

/// <summary>Chat on the real engine with the built-in model (served when no --model is given), through the .NET SDK.</summary>
public class RealEngineChatTests
{
    const string BuiltIn = "openfinetune-tiny";

    [Fact]
    public async Task BuiltInModelAnswersWithConsistentUsage()
    {
        await using var app = RealEngine.App();
        var chat = app.Sdk().GetChatClient(BuiltIn);

        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("Hola")],
            new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0 });

        Assert.Equal(BuiltIn, completion.Model);
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 8);
        Assert.True(completion.Usage.InputTokenCount > 1, "the ChatML template adds tokens around the message");
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.Contains(completion.FinishReason, new[] { ChatFinishReason.Stop, ChatFinishReason.Length });
        if (completion.FinishReason == ChatFinishReason.Length) Assert.Equal(8, completion.Usage.OutputTokenCount);
        Assert.False(string.IsNullOrEmpty(completion.SystemFingerprint));
    }

    [Fact]
    public async Task BuiltInModelStreamsTheSameGreedyText()
    {
        await using var app = RealEngine.App();
        var chat = app.Sdk().GetChatClient(BuiltIn);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0 };

        ChatCompletion whole = await chat.CompleteChatAsync([new UserChatMessage("Hola")], options);
        var text = "";
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hola")], options))
        {
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
            usage ??= update.Usage;
        }

        Assert.Equal(whole.Content.Count == 0 ? "" : whole.Content[0].Text, text);
        Assert.Equal(whole.Usage.OutputTokenCount, usage!.OutputTokenCount);
    }
}
