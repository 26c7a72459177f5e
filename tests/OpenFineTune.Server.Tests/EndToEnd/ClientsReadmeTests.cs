using System.Text.RegularExpressions;

namespace OpenFineTune.Server.Tests.EndToEnd;

/// <summary>
/// clients/README.md maps each tutorial step to a script line (<c>[tutorial.py:54](python/tutorial.py#L54)</c>);
/// editing a script moves its lines, so every link must still land on the call that does its row's step.
/// </summary>
public partial class ClientsReadmeTests
{
    static string Clients => Path.Combine(TestPaths.RepoRoot, "clients");

    // The table's first column → what the linked line must contain, in each of the four languages.
    static readonly (string Step, Regex Call)[] Steps =
    [
        ("Paso 2: Validar Dataset", new(@"validate_jsonl\(|validateJsonl\(|Dataset\.Validate\(|^errors=\$\(jq")),
        ("Paso 3: Subir Dataset", new(@"files\.create\(|UploadFileAsync\(|/files"" -F")),
        ("Paso 4: Crear Fine-Tuning Job", new(@"jobs\.create\(|FineTuneAsync\(|/fine_tuning/jobs"" ")),
        ("Paso 5: Monitorear Progreso", new(@"jobs\.retrieve\(|UpdateStatusAsync\(|/fine_tuning/jobs/\$job_id""\)")),
        ("Paso 5: the job's events", new(@"list_events\(|listEvents\(|GetEventsAsync\(|/events\?")),
        ("Paso 6: Usar el Modelo (`ft:`)", new(@"^(await )?[aA]sk\((job\.fine_tuned_model|fineTunedModel)\)|^ask ""\$ft_model""")),
        ("Paso 6, compared with the base", new(@"^(await )?[aA]sk\((BASE_MODEL|baseModel)\)|^ask ""\$base_model""")),
    ];

    [Fact]
    public void EveryStepLinksToTheLineThatDoesItInAllFourScripts()
    {
        var readme = File.ReadAllText(Path.Combine(Clients, "README.md"));
        foreach (var (step, call) in Steps)
        {
            var row = readme.Split('\n').SingleOrDefault(line => line.StartsWith($"| {step} |"));
            Assert.True(row is not null, $"clients/README.md has no table row for '{step}'");
            var links = LineLink().Matches(row).ToList();
            Assert.True(links.Count == 4, $"'{step}' should link one line in each of the four scripts: {row}");
            foreach (var link in links)
            {
                var (file, number) = (link.Groups["file"].Value, int.Parse(link.Groups["line"].Value));
                var lines = File.ReadAllLines(Path.Combine(Clients, file));
                var text = number <= lines.Length ? lines[number - 1].Trim() : "";
                Assert.True(call.IsMatch(text), $"'{step}' links {file}:{number}, which reads '{text}'");
                Assert.Equal($"{Path.GetFileName(file)}:{number}", link.Groups["label"].Value);
            }
        }
    }

    [GeneratedRegex(@"\[(?<label>[^\]]+)\]\((?<file>[a-z]+/[A-Za-z]+\.[a-z]+)#L(?<line>\d+)\)")]
    private static partial Regex LineLink();
}
