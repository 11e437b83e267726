using System.Collections.Concurrent;
using System.Text;

namespace TradeNode.Tests;

/// <summary>
/// The output of the node processes running now, so that a test that times out can say what the nodes logged: a wait
/// on a condition that never came reads far better with the last lines each node wrote.
/// </summary>
internal static class LiveLogs
{
    private const int TailLines = 60;
    private static readonly ConcurrentDictionary<string, Func<string>> Sources = new();

    /// <summary>Registers a process's output under <paramref name="name"/>; dispose the result when the process ends.</summary>
    public static IDisposable Register(string name, Func<string> output)
    {
        Sources[name] = output;
        return new Registration(name);
    }

    /// <summary>The last lines of every registered output, each under its name.</summary>
    public static string Tails()
    {
        var text = new StringBuilder();
        foreach (var (name, output) in Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var lines = output().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            text.AppendLine().Append("--- ").Append(name).Append(" (last ").Append(Math.Min(TailLines, lines.Length)).Append(" of ").Append(lines.Length).AppendLine(" lines) ---");
            foreach (var line in lines.Skip(Math.Max(0, lines.Length - TailLines)))
            {
                text.AppendLine(line.TrimEnd('\r'));
            }
        }

        return text.ToString();
    }

    private sealed class Registration(string name) : IDisposable
    {
        public void Dispose() => Sources.TryRemove(name, out _);
    }
}
