using TradeNode.Bitcoin;

namespace TradeNode.Core.Node;

/// <summary>The names users type and the API reports for networks: regtest, signet, testnet, mainnet.</summary>
public static class NetworkNames
{
    /// <summary>"mainnet" for the main network (whose BIP name is "main"), else the network's own name.</summary>
    public static string Of(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network == Network.Main ? "mainnet" : network.Name;
    }
}
