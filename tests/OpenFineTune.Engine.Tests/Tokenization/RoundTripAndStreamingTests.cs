namespace OpenFineTune.Engine.Tests.Tokenization;

/// <summary>
/// For every fixture tokenizer and every llama.cpp test string: decode(encode(s)) == s, and feeding the ids
/// one at a time to the streaming decoder yields exactly Decode's text without ever emitting U+FFFD.
/// Qwen normalizes to NFC, so for Qwen tokenizers the expected text is NFC(s) (all test strings are NFC).
/// </summary>
public class RoundTripAndStreamingTests
{
    public static TheoryData<string> Tokenizers() => new(FixtureTokenizers.Names);

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Decode_of_encode_gives_the_text_back(string name)
    {
        var tokenizer = FixtureTokenizers.Get(name);
        var failures = LlamaCppVectors.AllInputs()
            .Where(s => tokenizer.Decode(tokenizer.Encode(s, addSpecialTokens: false)) != s).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} strings differ: " + string.Join(" | ", failures));
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Streaming_decode_equals_decode_and_never_breaks_a_character(string name)
    {
        var tokenizer = FixtureTokenizers.Get(name);
        foreach (var text in LlamaCppVectors.AllInputs())
        {
            var ids = tokenizer.Encode(text, addSpecialTokens: true);
            var stream = tokenizer.CreateStreamingDecoder(skipSpecialTokens: true);
            var chunks = ids.Select(stream.Push).Append(stream.Flush()).ToList();
            Assert.Equal(tokenizer.Decode(ids, skipSpecialTokens: true), string.Concat(chunks));
            Assert.DoesNotContain(chunks, c => c.Contains('\uFFFD'));
            Assert.DoesNotContain(chunks, c => c.Length > 0 && (char.IsHighSurrogate(c[^1]) || char.IsLowSurrogate(c[0])));
        }
    }
}
