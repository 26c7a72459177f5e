using OpenFineTune.Server.Tests.EndToEnd;
using OpenFineTune.Server.Tests.Metrics;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace OpenFineTune.Server.Tests.Dashboard;

/// <summary>
/// The dashboard in a real headless Chromium against a real server process on the built-in model, the way a user
/// clicks through it: upload (a bad file's line errors, then the Spanish support chats), start a job, watch the loss
/// curve grow to success, chat with the ft: model beside its base, read /metrics, delete the ft: model, cancel a second
/// job. Screenshots of each step: TestResults/dashboard/.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DashboardTests(ITestOutputHelper log)
{
    /// <summary>The tutorial's Spanish customer-support chats (24 examples), beside the client scripts.</summary>
    static readonly string SupportChats = TestPaths.SupportChats;
    // Bounds a hung run only; a loaded 2-core machine trains the 24 steps in seconds to a few minutes.
    static readonly TimeSpan TrainingTimeout = TimeSpan.FromMinutes(20);
    static readonly TimeSpan ChatTimeout = TimeSpan.FromMinutes(3);

    [ChromiumFact]
    public async Task UploadTrainWatchTheLossCurveAndChatSideBySide()
    {
        using var dataDir = new TempDirectory();
        using var work = new TempDirectory("oft-dashboard-");
        using var server = await ServerProcess.StartAsync(dataDir.Path, "--threads", "1");
        await using var browser = await Chromium.LaunchAsync();
        await using var tab = await browser.NewPageAsync();
        var scriptErrors = CollectScriptErrors(tab);
        tab.Dialog += async (_, e) => await e.Dialog.Accept(); // "Delete …?" / "Cancel …?": yes
        var page = new DashboardPage(tab, server.BaseUrl);
        try
        {
            await page.OpenAsync("files");
            var (trainingFile, validationFile) = await UploadFilesAsync(page, work.Path);
            var job = await TrainAsync(page, trainingFile, validationFile);
            await ChatSideBySideAsync(page, job);
            await AssertMetricsAsync(server, job);
            await DeleteModelAsync(page, job);
            await CancelAJobAsync(page, trainingFile);
            Assert.Empty(scriptErrors);
        }
        catch
        {
            await tab.SaveScreenshotAsync("failure");
            log.WriteLine(server.Output);
            throw;
        }
    }

    [ChromiumFact]
    public async Task AsksForTheApiKeyWhenTheApiSays401AndKeepsItForTheSession()
    {
        const string key = "sk-dashboard-test";
        using var dataDir = new TempDirectory();
        using var server = await ServerProcess.StartAsync(dataDir.Path, "--api-key", key);
        await using var browser = await Chromium.LaunchAsync();
        await using var tab = await browser.NewPageAsync();
        var scriptErrors = CollectScriptErrors(tab);
        var page = new DashboardPage(tab, server.BaseUrl);

        await tab.GoToAsync(server.BaseUrl.ToString());
        await tab.WaitForSelectorAsync("#key-dialog[open]");
        await tab.SaveScreenshotAsync("key-prompt");
        await EnterKeyAsync(tab, "sk-wrong");
        await tab.WaitForSelectorAsync("#key-dialog[open] #key-error:not([hidden])");
        Assert.Contains("refused", await page.EvalAsync<string>("document.getElementById('key-error').textContent"));

        await EnterKeyAsync(tab, key);
        await page.WaitForViewAsync("jobs");
        Assert.False(await page.EvalAsync<bool>("document.getElementById('key-dialog').open"));
        Assert.Equal(key, await page.EvalAsync<string>("sessionStorage.getItem('openfinetune.apiKey')"));
        Assert.Contains("No jobs yet", await page.EvalAsync<string>("document.querySelector('#jobs-table tbody').textContent"));

        // Same tab, new page load: the key is remembered, so no second prompt.
        await page.OpenAsync("models");
        Assert.False(await page.EvalAsync<bool>("document.getElementById('key-dialog').open"));
        Assert.Contains("openfinetune-tiny", await page.EvalAsync<string>("document.querySelector('#models-table tbody').textContent"));
        await tab.SaveScreenshotAsync("key-accepted-models");
        Assert.Empty(scriptErrors);
    }

    static async Task<(string Training, string Validation)> UploadFilesAsync(DashboardPage page, string work)
    {
        var lines = File.ReadAllLines(SupportChats);
        var bad = Path.Combine(work, "roto.jsonl");
        File.WriteAllLines(bad, [lines[0], "esto no es JSON", lines[1], "[1, 2]"]);
        await page.UploadAsync(bad);
        var problems = await page.UploadProblemsAsync();
        Assert.Collection(problems, p => Assert.StartsWith("line 2:", p), p => Assert.StartsWith("line 4:", p));
        Assert.Null(await page.UploadedFileIdAsync());
        await page.Page.SaveScreenshotAsync("1-bad-file-line-errors");

        await page.UploadAsync(SupportChats);
        var training = await page.UploadedFileIdAsync();
        var validation = Path.Combine(work, "validacion.jsonl");
        File.WriteAllLines(validation, lines[^4..]);
        await page.UploadAsync(validation);
        var validationId = await page.UploadedFileIdAsync();
        Assert.StartsWith("file-", training);
        Assert.StartsWith("file-", validationId);
        await page.WaitForAsync($"document.querySelector('#files-table tr[data-id=\"{validationId}\"]') !== null", TimeSpan.FromSeconds(30));
        await page.Page.SaveScreenshotAsync("2-files");
        return (training!, validationId!);
    }

    /// <summary>Creates the job from the form and follows it in the detail panel; returns the ft: model id.</summary>
    async Task<string> TrainAsync(DashboardPage page, string trainingFile, string validationFile)
    {
        await page.ShowAsync("jobs");
        await page.SetAsync("#job-form [name=training_file]", trainingFile);
        await page.SetAsync("#job-form [name=validation_file]", validationFile);
        await page.SetAsync("#job-form [name=suffix]", "panel");
        await page.SetAsync("#job-form [name=n_epochs]", "2");
        await page.SetAsync("#job-form [name=batch_size]", "2");
        await page.Page.ClickAsync("#job-form button[type=submit]");

        const string points = "Number(document.querySelector('#loss-chart polyline.train')?.dataset.count ?? 0)";
        const string status = "document.querySelector('#job-status')?.textContent ?? ''";
        await page.WaitForAsync($"{points} > 0", TrainingTimeout);
        var first = await page.EvalAsync<int>(points);
        await page.WaitForAsync($"{points} > {first} || ['succeeded','failed','cancelled'].includes({status})", TrainingTimeout);
        var second = await page.EvalAsync<int>(points);
        log.WriteLine($"loss curve points: {first}, then {second}");
        Assert.True(second > first, $"the loss curve did not grow between two reads ({first}, then {second})");
        Assert.Contains("n_epochs=2", await page.EvalAsync<string>("document.querySelector('[data-fact=\"Hyper-parameters\"]').textContent"));
        await page.Page.SaveScreenshotAsync("3-training");

        await page.WaitForAsync($"['succeeded','failed','cancelled'].includes({status})", TrainingTimeout);
        Assert.Equal("succeeded", await page.EvalAsync<string>(status));
        var model = await page.EvalAsync<string>("document.querySelector('[data-fact=\"Fine-tuned model\"]').textContent");
        Assert.StartsWith("ft:openfinetune-tiny:", model);
        Assert.Contains(":panel:", model);
        Assert.Equal(24, await page.EvalAsync<int>(points)); // 24 examples / batch 2 × 2 epochs: one point per step
        Assert.Equal(2, await page.EvalAsync<int>("Number(document.querySelector('#loss-chart polyline.valid')?.dataset.count ?? 0)")); // one per epoch
        Assert.True(await page.EvalAsync<int>("document.querySelectorAll('#job-checkpoints tbody tr').length") > 0, "no checkpoint rows");
        Assert.Contains("The job has successfully completed", await page.EvalAsync<string>("document.getElementById('job-events').textContent"));
        await page.Page.SaveScreenshotAsync("4-succeeded");
        return model;
    }

    static async Task ChatSideBySideAsync(DashboardPage page, string ftModel)
    {
        await page.ShowAsync("playground");
        // The right side starts on the newest fine-tuned model, the left on a base model.
        Assert.Equal("openfinetune-tiny", await page.EvalAsync<string>("document.querySelector('[data-side=left] select').value"));
        Assert.Equal(ftModel, await page.EvalAsync<string>("document.querySelector('[data-side=right] select').value"));
        await page.SetAsync("#chat-form [name=system]", "Eres un asistente de soporte técnico de SoftwareCorp.");
        await page.SetAsync("#chat-form [name=prompt]", "Mi cuenta está bloqueada");
        await page.SetAsync("#chat-form [name=max_tokens]", "32");
        await page.Page.ClickAsync("#chat-form button[type=submit]");
        await page.WaitForAsync("document.querySelectorAll('.answer .reply[data-done]').length === 2", ChatTimeout);
        foreach (var side in new[] { "left", "right" })
        {
            Assert.Equal(0, await page.EvalAsync<int>($"document.querySelectorAll('[data-side={side}] .reply .error').length"));
            Assert.NotEmpty(await page.EvalAsync<string>($"document.querySelector('[data-side={side}] .reply').textContent"));
            Assert.Matches(@"^\d+ tokens", await page.EvalAsync<string>($"document.querySelector('[data-side={side}] .stats').textContent"));
        }
        await page.Page.SaveScreenshotAsync("5-playground");
    }

    static async Task DeleteModelAsync(DashboardPage page, string ftModel)
    {
        await page.ShowAsync("models");
        await page.Page.ClickAsync($"#models-table tr[data-id=\"{ftModel}\"] button");
        await page.WaitForFunctionAsync("(id) => ![...document.querySelectorAll('#models-table tr')].some(r => r.dataset.id === id)", TimeSpan.FromSeconds(30), ftModel);
        Assert.Contains("openfinetune-tiny", await page.EvalAsync<string>("document.querySelector('#models-table tbody').textContent"));
        await page.Page.SaveScreenshotAsync("6-models-after-delete");
    }

    /// <summary>A long job (50 epochs) started from the form and cancelled with its Cancel button.</summary>
    static async Task CancelAJobAsync(DashboardPage page, string trainingFile)
    {
        await page.ShowAsync("jobs");
        var previous = await page.EvalAsync<string>("document.getElementById('job-title')?.textContent ?? ''");
        await page.SetAsync("#job-form [name=training_file]", trainingFile);
        await page.SetAsync("#job-form [name=validation_file]", "");
        await page.SetAsync("#job-form [name=suffix]", "cancelada");
        await page.SetAsync("#job-form [name=n_epochs]", "50");
        await page.Page.ClickAsync("#job-form button[type=submit]");
        await page.WaitForFunctionAsync("(old) => document.getElementById('job-title')?.textContent !== old && document.getElementById('job-cancel')?.hidden === false",
            TimeSpan.FromSeconds(60), previous);
        await page.Page.ClickAsync("#job-cancel");
        await page.WaitForAsync("document.querySelector('#job-status')?.textContent === 'cancelled'", TimeSpan.FromSeconds(120));
        Assert.True(await page.EvalAsync<bool>("document.getElementById('job-cancel').hidden"));
        await page.WaitForAsync("document.querySelector('#jobs-table tr.selected .status')?.textContent === 'cancelled'", TimeSpan.FromSeconds(30));
        await page.Page.SaveScreenshotAsync("7-cancelled");
    }

    /// <summary>What /metrics says after that session (one server process, so exact values).</summary>
    static async Task AssertMetricsAsync(ServerProcess server, string ftModel)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var text = await http.GetStringAsync("metrics");
        Assert.True(PrometheusText.Sum(text, "openfinetune_training_tokens_total") > 0, text);
        Assert.True(PrometheusText.Sum(text, "openfinetune_generation_tokens_total", $"model=\"{ftModel}\"") > 0, text);
        Assert.True(PrometheusText.Sum(text, "openfinetune_generation_tokens_total", "model=\"openfinetune-tiny\"") > 0, text);
        Assert.Equal(1, PrometheusText.Sum(text, "openfinetune_adapters_loaded")); // the ft: model the playground used
        Assert.Equal(0, PrometheusText.Sum(text, "openfinetune_fine_tuning_queue_length"));
        Assert.Equal(0, PrometheusText.Sum(text, "openfinetune_fine_tuning_running_jobs"));
        Assert.Equal(1, PrometheusText.Sum(text, "http_server_request_duration_seconds_count",
            "http_request_method=\"POST\"", "http_route=\"/v1/fine_tuning/jobs/\"", "http_response_status_code=\"200\""));
        Assert.Equal(1, PrometheusText.Sum(text, "http_server_request_duration_seconds_count",
            "http_request_method=\"POST\"", "http_route=\"/v1/files/\"", "http_response_status_code=\"400\"")); // the bad file
    }

    static async Task EnterKeyAsync(IPage tab, string key)
    {
        await tab.TypeAsync("#key-form input[name=key]", key);
        await tab.ClickAsync("#key-form button[type=submit]");
    }

    /// <summary>Uncaught exceptions and console errors of the page's scripts; the browser's own log line for each non-2xx
    /// answer (a 401 before the key, the bad upload's 400) is not a script error.</summary>
    static List<string> CollectScriptErrors(IPage tab)
    {
        var errors = new List<string>();
        tab.PageError += (_, e) => { lock (errors) errors.Add(e.Message); };
        tab.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error && !e.Message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) lock (errors) errors.Add(e.Message.Text);
        };
        return errors;
    }
}
