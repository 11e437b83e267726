using System.CommandLine;
using TradeNode.Bitcoin;

namespace TradeNode.Commands.Psbt;

/// <summary>Options shared by the psbt tools.</summary>
internal static class PsbtOptions
{
    /// <summary>--network, regtest by default.</summary>
    public static Option<Network> Network() => new("--network")
    {
        Description = "Network of the PSBT.",
        HelpName = "mainnet|testnet|signet|regtest",
        DefaultValueFactory = _ => Bitcoin.Network.RegTest,
        CustomParser = OptionParsers.ParseNetwork,
    };
}
