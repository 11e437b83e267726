using System.Diagnostics;

namespace TradeNode.Tests;

/// <summary>Runs the built <c>tradenode.dll</c> as a child process, with a timeout so a hung child fails the test.</summary>
internal static class TradeNodeProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "tradenode", "tradenode.dll");

    public static async Task<ProcessResult> RunAsync(IEnumerable<string> args, string? stdin = null)
    {
        var start = CreateStartInfo(args);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), timeout.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tradenode {string.Join(' ', args)} did not exit within {Timeout.TotalSeconds} s.");
        }
    }

    /// <summary>How to start <c>dotnet tradenode.dll args</c> with all three streams redirected.</summary>
    public static ProcessStartInfo CreateStartInfo(IEnumerable<string> args)
    {
        Assert.True(File.Exists(DllPath), $"{DllPath} is missing: the CopyTradeNodeCli build target should have put it there.");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    /// <summary>The dotnet host that runs these tests (the SDK sets DOTNET_HOST_PATH), else dotnet on the PATH.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
