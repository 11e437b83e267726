using System.CommandLine;
using Grpc.Core;
using TradeNode.Api.Contracts.Client;

namespace TradeNode.Commands.Client;

/// <summary>
/// A client verb: one call (or stream) of the node's API. Every verb takes the same options to find the node
/// (<c>--datadir</c>, <c>--network</c>, <c>--api-port</c> or <c>--api</c>, <c>--api-cookie</c>) and <c>--json</c>.
/// Failures exit non-zero with one sentence on stderr: <see cref="ExitCodes.BadInput"/> for the command line,
/// <see cref="ExitCodes.ApiError"/> for an error the node reported, <see cref="ExitCodes.CannotConnect"/> when no
/// node answers.
/// </summary>
internal abstract class ClientCommand : Command
{
    private readonly Option<string> _dataDirectory = new("--datadir")
    {
        Description = "The node's data directory, where it writes api.address and api.cookie (default ~/.tradenode/NETWORK).",
        HelpName = "dir",
    };

    private readonly Option<string> _network = new("--network")
    {
        Description = "Which network's default data directory and port to use.",
        HelpName = "regtest|signet|testnet|mainnet",
        DefaultValueFactory = _ => ApiDefaults.DefaultNetwork,
        CustomParser = ClientParsers.ParseNetwork,
    };

    private readonly Option<int?> _apiPort = new("--api-port")
    {
        Description = "The API on 127.0.0.1:N instead of the address in the data directory.",
        HelpName = "port",
        CustomParser = result => OptionParsers.ParseInt(result, "--api-port", 1, 65535),
    };

    private readonly Option<Uri?> _api = new("--api")
    {
        Description = "The API's URL, e.g. http://127.0.0.1:18736, instead of the address in the data directory.",
        HelpName = "url",
        CustomParser = ClientParsers.ParseUrl,
    };

    private readonly Option<string> _cookie = new("--api-cookie")
    {
        Description = "The file holding the API key (default DATADIR/api.cookie).",
        HelpName = "file",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print the response as JSON (proto3 JSON mapping; 64-bit numbers are strings; one object per line for streams).",
    };

    protected ClientCommand(string name, string description, params string[] examples)
        : base(name, description)
    {
        Examples = examples;
        Options.Add(_dataDirectory);
        Options.Add(_network);
        Options.Add(_apiPort);
        Options.Add(_api);
        Options.Add(_cookie);
        Options.Add(_json);
        SetAction(RunAsync);
    }

    /// <summary>Command lines shown under "Examples:" in the verb's help.</summary>
    public IReadOnlyList<string> Examples { get; }

    /// <summary>
    /// Does the verb's work. Validate the arguments first (throw <see cref="UsageException"/>), then use
    /// <see cref="ClientContext.Connection"/>, which finds the node on first use.
    /// </summary>
    protected abstract Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken);

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var port = parseResult.GetValue(_apiPort);
        var url = parseResult.GetValue(_api);
        if (port is not null && url is not null)
        {
            throw new UsageException("Give --api-port or --api, not both.");
        }

        var options = new ApiConnectionOptions
        {
            Network = parseResult.GetValue(_network) ?? ApiDefaults.DefaultNetwork,
            DataDirectory = parseResult.GetValue(_dataDirectory),
            Port = port,
            Url = url,
            CookieFile = parseResult.GetValue(_cookie),
        };
        var configuration = parseResult.InvocationConfiguration;
        using var context = new ClientContext(options, configuration.Output, parseResult.GetValue(_json));
        try
        {
            return await ExecuteAsync(context, parseResult, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiConnectionException ex)
        {
            configuration.Error.WriteLine(ex.Message);
            return ExitCodes.CannotConnect;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C ended a watch: a normal way to stop.
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (RpcException ex)
        {
            configuration.Error.WriteLine(ApiErrors.Describe(ex, context.Connection));
            return ApiErrors.IsUnreachable(ex) ? ExitCodes.CannotConnect : ExitCodes.ApiError;
        }
    }
}
