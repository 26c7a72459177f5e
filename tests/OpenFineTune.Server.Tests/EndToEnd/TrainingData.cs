using System.Text;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>Valid chat JSONL of a chosen size whose content is unique to each call (a seeded tag plus random text).</summary>
static class TrainingData
{
    public static byte[] Jsonl(Random random, int approximateBytes)
    {
        var text = new StringBuilder();
        var tag = Guid.NewGuid().ToString("N");
        for (var line = 0; text.Length < approximateBytes; line++)
        {
            var answer = RandomWords(random, Math.Min(400, Math.Max(8, approximateBytes / 200)));
            text.Append("{\"messages\":[{\"role\":\"user\",\"content\":\"")
                .Append(tag).Append(" pregunta ").Append(line)
                .Append("\"},{\"role\":\"assistant\",\"content\":\"").Append(answer).Append("\"}]}\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    static string RandomWords(Random random, int count)
    {
        string[] words = ["sesión", "contraseña", "factura", "rendimiento", "versión", "ñandú", "cookies", "app", "dispositivo"];
        var text = new StringBuilder();
        for (var i = 0; i < count; i++) text.Append(words[random.Next(words.Length)]).Append(' ');
        return text.ToString();
    }
}
