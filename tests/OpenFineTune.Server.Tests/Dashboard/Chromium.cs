using PuppeteerSharp;

namespace OpenFineTune.Server.Tests.Dashboard;

/// <summary>
/// Debian's headless Chromium (apt package <c>chromium</c>, installed by .ci/run) driven by PuppeteerSharp; no browser
/// download, which this network does not allow. Screenshots go to TestResults/dashboard/ under the test output folder.
/// </summary>
static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard")).FullName;

    public static Task<IBrowser> LaunchAsync() => Puppeteer.LaunchAsync(new LaunchOptions
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        // Root in a container has no user namespace sandbox; /dev/shm is small there.
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        DefaultViewport = new ViewPortOptions { Width = 1400, Height = 1000 },
    });

    /// <summary>A full-page screenshot named after the step, kept as a test artefact.</summary>
    public static Task SaveScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(Path.Combine(Screenshots, name + ".png"), new ScreenshotOptions { FullPage = true });
}

/// <summary>A fact that runs where Debian's Chromium is installed (CI installs it); elsewhere it is skipped, saying why.</summary>
sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium.ExecutablePath)) Skip = $"{Chromium.ExecutablePath} is missing: apt-get install chromium (.ci/run does)";
    }
}
