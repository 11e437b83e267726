using Google.Protobuf;
using TradeNode.Api.Contracts.Client;

namespace TradeNode.Commands.Client;

/// <summary>
/// What a client verb works with: the connection to the node (opened on first use, so argument errors come first),
/// the output and whether to print JSON.
/// </summary>
internal sealed class ClientContext(ApiConnectionOptions options, TextWriter output, bool json) : IDisposable
{
    // Proto3 JSON with every field, defaults included, so scripts see a stable shape.
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    private ApiConnection? _connection;

    /// <summary>The connection to the node; throws <see cref="ApiConnectionException"/> when there is no node to find.</summary>
    public ApiConnection Connection => _connection ??= ApiConnection.Open(options);

    public TextWriter Output { get; } = output;

    /// <summary>True with <c>--json</c>: print responses as JSON, not tables.</summary>
    public bool Json { get; } = json;

    /// <summary>Prints <paramref name="message"/> as one line of JSON.</summary>
    public void WriteJson(IMessage message)
    {
        Output.WriteLine(Formatter.Format(message));
        Output.Flush();
    }

    /// <summary>With <c>--json</c> prints the message as JSON; otherwise runs <paramref name="human"/>.</summary>
    public int Print(IMessage message, Action human)
    {
        ArgumentNullException.ThrowIfNull(human);
        if (Json)
        {
            WriteJson(message);
        }
        else
        {
            human();
            Output.Flush();
        }

        return ExitCodes.Success;
    }

    public void Dispose() => _connection?.Dispose();
}
