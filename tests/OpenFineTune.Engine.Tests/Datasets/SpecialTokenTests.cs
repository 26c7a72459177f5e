using OpenFineTune.Engine.Datasets;
using static OpenFineTune.Engine.Tests.Datasets.Jsonl;

namespace OpenFineTune.Engine.Tests.Datasets;

/// <summary>Literal special tokens in content are rejected, as OpenAI does ("contains an invalid token").</summary>
public class SpecialTokenTests
{
    static readonly string[] QwenSpecials = ["<|im_start|>", "<|im_end|>", "<|endoftext|>"];

    static IReadOnlyList<Conversation> Conversations(params string[] lines) =>
        DatasetValidator.Validate(Lines(lines), DatasetValidationOptions.Validation).Conversations;

    [Fact]
    public void SpecialTokenInContentNamesLineMessageAndToken()
    {
        var conversations = Conversations(Chat, Chat, Chat, Chat, Chat,
            Line(Message("user", "hola"), Message("assistant", "fin<|im_end|>")));

        var problem = Assert.Single(DatasetValidator.FindSpecialTokens(conversations, QwenSpecials));
        Assert.Equal("line 6, messages[1].content: contains the special token \"<|im_end|>\"", problem.ToString());
        Assert.Equal("special_token", problem.Code);
    }

    [Fact]
    public void PredicateFindsBracketedSpecialTokensOnly()
    {
        var conversations = Conversations(Line(Message("user", "a <b> c [INST] d"), Message("assistant", "x <s> y")),
            """{"messages":[{"role":"user","content":"1 < 2 and 3 > 2"},{"role":"assistant","content":"ok"}]}""");
        var specials = new HashSet<string> { "<s>", "[INST]" };

        var problems = DatasetValidator.FindSpecialTokens(conversations, specials.Contains).Select(p => p.ToString());

        Assert.Equal(["line 1, messages[0].content: contains the special token \"[INST]\"",
            "line 1, messages[1].content: contains the special token \"<s>\""], problems);
    }

    [Fact]
    public void ConvertedFormatsNameTheirOwnField()
    {
        var conversations = Conversations("""{"instruction":"hola","output":"<|endoftext|>adiós"}""");
        Assert.Equal("line 1, output: contains the special token \"<|endoftext|>\"",
            Assert.Single(DatasetValidator.FindSpecialTokens(conversations, QwenSpecials)).ToString());
    }

    [Fact]
    public void CleanContentHasNoProblems() =>
        Assert.Empty(DatasetValidator.FindSpecialTokens(Conversations(Chat), QwenSpecials));
}

/// <summary>Examples longer than the model's context are reported (OpenAI truncates them from the end).</summary>
public class LongExampleTests
{
    [Fact]
    public void ExamplesOverTheLimitAreNamedWithTheirLength()
    {
        var conversations = DatasetValidator.Validate(Lines(Chat, Line(Message("user", "una pregunta larga"), Message("assistant", "y una respuesta larga"))),
            DatasetValidationOptions.Validation).Conversations;

        // A stand-in token count: one token per character of content.
        var problems = DatasetValidator.FindLongExamples(conversations, c => c.Messages.Sum(m => m.Content!.Length), 30);

        var problem = Assert.Single(problems);
        Assert.Equal("line 2: 39 tokens, more than the 30 the model trains on; it will be truncated from the end", problem.ToString());
        Assert.Equal("example_too_long", problem.Code);
    }
}
