using Grpc.Core;
using Grpc.Net.Client;
using ArbitratorsService = TradeNode.Api.V1.Arbitrators;
using DisputesService = TradeNode.Api.V1.Disputes;
using ListingsService = TradeNode.Api.V1.Listings;
using NodeService = TradeNode.Api.V1.Node;
using OffersService = TradeNode.Api.V1.Offers;
using OrdersService = TradeNode.Api.V1.Orders;
using PeersService = TradeNode.Api.V1.Peers;
using RatingsService = TradeNode.Api.V1.Ratings;
using TradesService = TradeNode.Api.V1.Trades;
using WalletService = TradeNode.Api.V1.Wallet;

namespace TradeNode.Api.Contracts.Client;

/// <summary>
/// A channel to a node's API whose every call carries the node's API key as <c>authorization: Bearer KEY</c>, with
/// the generated client of each service. <see cref="Open"/> finds the node the way a user expects: an explicit URL or
/// port, else the address the node wrote into its data directory; the key explicit, else the data directory's cookie.
/// Used by the CLI and the front-end alike, so it knows nothing of either.
/// </summary>
public sealed class ApiConnection : IDisposable
{
    private ApiConnection(Uri endpoint, string dataDirectory, ApiEndpointSource source, GrpcChannel channel)
    {
        Endpoint = endpoint;
        DataDirectory = dataDirectory;
        EndpointSource = source;
        Channel = channel;
        Node = new NodeService.NodeClient(channel);
        Wallet = new WalletService.WalletClient(channel);
        Offers = new OffersService.OffersClient(channel);
        Listings = new ListingsService.ListingsClient(channel);
        Arbitrators = new ArbitratorsService.ArbitratorsClient(channel);
        Peers = new PeersService.PeersClient(channel);
        Trades = new TradesService.TradesClient(channel);
        Ratings = new RatingsService.RatingsClient(channel);
        Orders = new OrdersService.OrdersClient(channel);
        Disputes = new DisputesService.DisputesClient(channel);
    }

    /// <summary>The API's URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>The node's data directory (where the address and cookie were looked for), full path.</summary>
    public string DataDirectory { get; }

    /// <summary>Where <see cref="Endpoint"/> came from, so error messages can say what to check.</summary>
    public ApiEndpointSource EndpointSource { get; }

    /// <summary>The channel, for clients of services this class does not list.</summary>
    public GrpcChannel Channel { get; }

    public NodeService.NodeClient Node { get; }

    public WalletService.WalletClient Wallet { get; }

    public OffersService.OffersClient Offers { get; }

    public ListingsService.ListingsClient Listings { get; }

    public ArbitratorsService.ArbitratorsClient Arbitrators { get; }

    public PeersService.PeersClient Peers { get; }

    /// <summary>Currency trades: take offers, confirm payments, watch.</summary>
    public TradesService.TradesClient Trades { get; }

    /// <summary>The Ratings service.</summary>
    public RatingsService.RatingsClient Ratings { get; }
    /// <summary>Goods orders: buy listings, accept, fulfil, confirm receipt, refund, watch.</summary>
    public OrdersService.OrdersClient Orders { get; }
    /// <summary>Disputes of trades (as a trader or as the arbitrator).</summary>
    public DisputesService.DisputesClient Disputes { get; }

    /// <summary>
    /// Resolves the endpoint and the key and opens a channel (no call is made yet, so an unreachable node shows at
    /// the first call as UNAVAILABLE). Throws <see cref="ApiConnectionException"/> with a sentence saying what is
    /// missing and how to fix it.
    /// </summary>
    public static ApiConnection Open(ApiConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dataDirectory = Path.GetFullPath(options.DataDirectory ?? ApiDefaults.DataDirectory(options.Network));
        var (endpoint, source) = options switch
        {
            { Url: { } url } => (CheckUrl(url, "--api"), ApiEndpointSource.Url),
            { Port: { } port } => (new Uri($"http://127.0.0.1:{port}"), ApiEndpointSource.Port),
            _ => (ReadAddressFile(dataDirectory), ApiEndpointSource.AddressFile),
        };
        var key = options.ApiKey ?? ReadCookie(options.CookieFile ?? Path.Combine(dataDirectory, ApiDefaults.CookieFileName), dataDirectory);
        if (string.IsNullOrWhiteSpace(key) || key.Any(char.IsWhiteSpace))
        {
            throw new ApiConnectionException("The API key is empty or holds spaces; the node's api.cookie holds one line of 64 hex characters.");
        }

        var header = "Bearer " + key;
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add(ApiDefaults.AuthorizationHeader, header);
            return Task.CompletedTask;
        });
        var channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(endpoint.Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, credentials),

            // The API listens on loopback without TLS by default; the key still has to travel with every call.
            UnsafeUseInsecureChannelCallCredentials = true,
        });
        return new ApiConnection(endpoint, dataDirectory, source, channel);
    }

    /// <summary>The hint for a node that does not answer: start one with this data directory.</summary>
    public string StartHint => $"Start one with `tradenode node --datadir {DataDirectory}`.";

    public void Dispose() => Channel.Dispose();

    private static Uri ReadAddressFile(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, ApiDefaults.AddressFileName);
        if (!File.Exists(path))
        {
            throw new ApiConnectionException(
                $"No node is running with data directory {dataDirectory}: {ApiDefaults.AddressFileName} not found. "
                + $"Start one with `tradenode node --datadir {dataDirectory}`.");
        }

        string text;
        try
        {
            text = File.ReadLines(path).FirstOrDefault()?.Trim() ?? string.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ApiConnectionException($"Cannot read {path} ({ex.GetType().Name}).", ex);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            throw new ApiConnectionException($"{path} does not hold the API's URL (e.g. http://127.0.0.1:18736); restart the node to rewrite it.");
        }

        return CheckUrl(url, path);
    }

    private static Uri CheckUrl(Uri url, string origin) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(url.Host)
            ? url
            : throw new ApiConnectionException($"The API's URL from {origin} must be http://host:port or https://host:port.");

    private static string ReadCookie(string path, string dataDirectory)
    {
        if (!File.Exists(path))
        {
            throw new ApiConnectionException(
                $"No API key: {path} not found. The node writes it when it starts; "
                + $"start one with `tradenode node --datadir {dataDirectory}` or point --datadir at its data directory.");
        }

        try
        {
            // Never echoed: the key is a secret.
            return File.ReadLines(path).FirstOrDefault()?.Trim() ?? string.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ApiConnectionException($"Cannot read the API key from {path} ({ex.GetType().Name}); run as the user who runs the node.", ex);
        }
    }
}
