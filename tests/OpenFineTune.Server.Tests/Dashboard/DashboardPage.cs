using PuppeteerSharp;

namespace OpenFineTune.Server.Tests.Dashboard;

/// <summary>What a user does on the dashboard, step by step, through the page's own forms and links.</summary>
sealed class DashboardPage(IPage page, Uri root)
{
    static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    public IPage Page => page;

    public async Task OpenAsync(string view)
    {
        await page.GoToAsync(new Uri(root, "#" + view).ToString());
        await WaitForViewAsync(view.Split('/')[0]);
    }

    public async Task ShowAsync(string view)
    {
        await page.EvaluateFunctionAsync("(v) => { document.body.dataset.ready = ''; location.hash = '#' + v; }", view);
        await WaitForViewAsync(view.Split('/')[0]);
    }

    public Task WaitForViewAsync(string view) => page.WaitForSelectorAsync($"body[data-ready='{view}']", Timeout(Step));

    /// <summary>Uploads through the Files form; the answer (an id, or the error) is in #upload-result.</summary>
    public async Task UploadAsync(string path)
    {
        await page.EvaluateExpressionAsync("document.getElementById('upload-result').replaceChildren()");
        var input = await page.QuerySelectorAsync("#upload-form input[type=file]");
        await input.UploadFileAsync(path);
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.WaitForSelectorAsync("#upload-result [data-file-id], #upload-result .error", Timeout(Step));
    }

    public Task<string?> UploadedFileIdAsync() =>
        page.EvaluateExpressionAsync<string?>("document.querySelector('#upload-result [data-file-id]')?.dataset.fileId ?? null");

    public Task<string[]> UploadProblemsAsync() =>
        page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#upload-result ul.problems li')].map(li => li.textContent)");

    public async Task SetAsync(string selector, string value) =>
        await page.EvaluateFunctionAsync("(s, v) => { const e = document.querySelector(s); e.value = v; e.dispatchEvent(new Event('change')); }", selector, value);

    public Task<T> EvalAsync<T>(string expression) => page.EvaluateExpressionAsync<T>(expression);

    /// <summary>Waits until the JavaScript <paramref name="expression"/> is truthy.</summary>
    public Task WaitForAsync(string expression, TimeSpan timeout) =>
        page.WaitForExpressionAsync(expression, new WaitForFunctionOptions { Timeout = (int)timeout.TotalMilliseconds, PollingInterval = 200 });

    /// <summary>Waits until <paramref name="function"/> (a JavaScript function of <paramref name="args"/>) returns something truthy.</summary>
    public Task WaitForFunctionAsync(string function, TimeSpan timeout, params object[] args) =>
        page.WaitForFunctionAsync(function, new WaitForFunctionOptions { Timeout = (int)timeout.TotalMilliseconds, PollingInterval = 200 }, args);

    static WaitForSelectorOptions Timeout(TimeSpan t) => new() { Timeout = (int)t.TotalMilliseconds };
}
