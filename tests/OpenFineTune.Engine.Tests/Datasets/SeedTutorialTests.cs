using System.Text.Json;
using System.Text.RegularExpressions;
using OpenFineTune.Engine.Datasets;
using static OpenFineTune.Engine.Tests.Datasets.Jsonl;

namespace OpenFineTune.Engine.Tests.Datasets;

/// <summary>The seed tutorial's own examples (shared/seed/fine-tuning-tutorial-es.txt) and every check of its Paso 2 script.</summary>
public class SeedTutorialTests
{
    static readonly string Seed = File.ReadAllText(Path.Combine(TestPaths.Shared, "seed", "fine-tuning-tutorial-es.txt"));

    /// <summary>The JSON objects of Paso 1; the page glued them to line numbers ("1{…}2{…}").</summary>
    static List<string> SeedChatLines()
    {
        var section = Seed[Seed.IndexOf("Paso 1", StringComparison.Ordinal)..Seed.IndexOf("Paso 2", StringComparison.Ordinal)];
        var lines = new List<string>();
        for (int start = section.IndexOf("{\"messages\"", StringComparison.Ordinal); start >= 0; start = section.IndexOf("{\"messages\"", start + 1, StringComparison.Ordinal))
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(section[start..]), new JsonReaderOptions());
            using var document = JsonDocument.ParseValue(ref reader);
            lines.Add(document.RootElement.GetRawText());
        }
        return lines;
    }

    [Fact]
    public void TheTutorialsTwoExampleLinesAreValidChat()
    {
        var lines = SeedChatLines();
        Assert.Equal(2, lines.Count);

        var result = DatasetValidator.Validate(Lines([.. lines, .. lines, .. lines, .. lines, .. lines]));

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal("No puedo iniciar sesión", result.Conversations[0].Messages[1].Content);
        Assert.StartsWith("Vamos a optimizar el rendimiento:\n\n1. Cierra", result.Conversations[1].Messages[2].Content);
        Assert.Equal(["system", "user", "assistant"], result.Conversations[1].Messages.Select(m => m.Role));
    }

    [Fact]
    public void TheTutorialsTextFormatExampleIsValid()
    {
        var line = Regex.Match(Seed, "\\{\"text\": \"### User: [^}]*\\}").Value;
        Assert.Equal("{\"text\": \"### User: pregunta\\n### Assistant: respuesta\"}", line);

        var result = DatasetValidator.Validate(Lines(Enumerable.Repeat(line, 10)));

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal([("user", "pregunta"), ("assistant", "respuesta")], result.Conversations[0].Messages.Select(m => (m.Role, m.Content)));
    }

    [Fact]
    public void TheTutorialsAlpacaExampleIsValid()
    {
        // The seed's "Estructura de Datos Ideal" example, with the page's line numbers taken out.
        var line = """{"instruction": "Responde como agente de soporte de SoftwareCorp", "input": "Mi factura tiene un error", "output": "Lamento el inconveniente con tu factura. Para corregirlo necesito:\n\n1. Número de factura\n2. Descripción del error\n3. Datos correctos\n\n¿Puedes proporcionarme estos datos?"}""";
        Assert.Contains("Lamento el inconveniente con tu factura. Para corregirlo necesito:", Seed);

        var result = DatasetValidator.Validate(Lines(Enumerable.Repeat(line, 10)));

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal("Responde como agente de soporte de SoftwareCorp\n\nMi factura tiene un error", result.Conversations[0].Messages[0].Content);
    }

    // Paso 2 flags: "Falta 'messages'", "Mensaje mal formado" (no role or no content), "JSON inválido".
    [Theory]
    [InlineData("""{"msgs":[]}""", "line 1, messages: missing; every line of this file must be a chat example ({\"messages\": [...]})")]
    [InlineData("""{"messages":[{"content":"a"},{"role":"assistant","content":"b"}]}""", "line 1, messages[0].role: missing; every message needs a role")]
    [InlineData("""{"messages":[{"role":"user"},{"role":"assistant","content":"b"}]}""", "line 1, messages[0].content: missing; a user message needs content")]
    [InlineData("""{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]""", "line 1: invalid JSON at byte 79: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed")]
    public void EveryCheckOfTheSeedScriptIsCovered(string line, string expected) => Assert.Equal([expected], ProblemsOf(line));
}
