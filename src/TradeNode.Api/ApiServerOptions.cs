using System.Net;

namespace TradeNode.Api;

/// <summary>Where the API listens and what it reports about the host.</summary>
public sealed class ApiServerOptions
{
    /// <summary>The address to bind; loopback unless the operator asks otherwise (the API controls the wallet).</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 picks a free one (the chosen port is in <see cref="ApiServer.Address"/> and DATADIR/api.address).</summary>
    public int Port { get; init; }

    /// <summary>The node software's version GetInfo reports, e.g. "0.1.0".</summary>
    public string Version { get; init; } = "0.0.0";

    /// <summary>The largest request or response message, in bytes.</summary>
    public int MaxMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Called once when a client asks the node to stop (Node.Stop), after the reply went out.</summary>
    public Action? RequestStop { get; init; }
}
