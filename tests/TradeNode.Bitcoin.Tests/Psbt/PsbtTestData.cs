using System.Text.Json;
using TradeNode.Bitcoin.Psbt;

namespace TradeNode.Bitcoin.Tests.Psbt;

/// <summary>Shared helpers for the PSBT tests: WIF keys and reading vector PSBTs.</summary>
internal static class PsbtTestData
{
    /// <summary>A WIF private key of the test networks (the vectors' keys are testnet/regtest).</summary>
    public static Key KeyFromWif(string wif) => Key.Parse(wif, Network.TestNet);

    public static PSBT Hex(JsonElement element) => PSBT.Parse(element.GetProperty("hex").GetString()!, Network.TestNet);

    public static string ExpectedHex(JsonElement element) => element.GetProperty("hex").GetString()!;
}
