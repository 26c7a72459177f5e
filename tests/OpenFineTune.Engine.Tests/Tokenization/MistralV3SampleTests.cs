using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenFineTune.Engine.Tests.Tokenization;

/// <summary>
/// mistral-common's recorded v3 chat encodings: tokens_v3.json holds the token ids from mistral-common's
/// SentencePiece tokenizer and text_v3.txt their pieces joined (spaces shown as "▁", newlines as byte
/// pieces "&lt;0x0A&gt;", control tokens such as [INST] inline). Turned back into plain text and encoded with
/// control tokens recognised, it must give exactly those ids.
/// </summary>
public class MistralV3SampleTests
{
    public static TheoryData<string> Samples() =>
        new(Directory.GetDirectories(SamplesDir).Select(Path.GetFileName).Order()!);

    static string SamplesDir => Path.Combine(TestPaths.Fixtures, "mistral-7b-instruct-v0.3", "mistral-common-samples");

    [Theory]
    [MemberData(nameof(Samples))]
    public void Recorded_chat_text_gives_recorded_ids(string sample)
    {
        string dir = Path.Combine(SamplesDir, sample);
        string text = PlainText(File.ReadAllText(Path.Combine(dir, "text_v3.txt")));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "tokens_v3.json")));
        var expected = doc.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()).ToArray();

        var ids = FixtureTokenizers.Get("mistral-v3-tokenizer.model").Encode(text, addSpecialTokens: false);

        Assert.Equal(expected, ids);
    }

    static string PlainText(string pieces)
    {
        string bytesSpelled = Regex.Replace(pieces, "(<0x[0-9A-F]{2}>)+", m =>
            Encoding.UTF8.GetString(m.Value.Split('>', StringSplitOptions.RemoveEmptyEntries)
                .Select(b => Convert.ToByte(b[3..], 16)).ToArray()));
        return bytesSpelled.Replace('\u2581', ' ');
    }

    [Fact]
    public void Control_tokens_are_special_and_bos_is_added()
    {
        var mistral = FixtureTokenizers.Get("mistral-v3-tokenizer.model");
        Assert.Equal(3, mistral.TokenToId("[INST]"));
        Assert.Equal(4, mistral.TokenToId("[/INST]"));
        Assert.True(mistral.IsSpecial(5));
        Assert.Equal(1, mistral.BosId);
        Assert.Equal(2, mistral.EosId);
        Assert.Equal(32768, mistral.VocabSize);
        Assert.Equal(1, mistral.Encode("Hi")[0]);
    }
}
