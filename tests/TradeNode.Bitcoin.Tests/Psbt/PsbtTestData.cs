using System.Text.Json;
using TradeNode.Bitcoin.DataEncoders;
using TradeNode.Bitcoin.Psbt;

namespace TradeNode.Bitcoin.Tests.Psbt;

/// <summary>Shared helpers for the PSBT tests: WIF keys (testnet/regtest) and PSBT comparison.</summary>
internal static class PsbtTestData
{
    /// <summary>Decodes a WIF private key (0xEF testnet prefix, optional 0x01 compression flag).</summary>
    public static Key KeyFromWif(string wif)
    {
        var payload = Encoders.Base58Check.Decode(wif);
        Assert.Equal(0xef, payload[0]);
        return new Key(payload.AsSpan(1, 32), compressed: payload.Length == 34);
    }

    public static PSBT Hex(JsonElement element) => PSBT.Parse(element.GetProperty("hex").GetString()!, Network.TestNet);

    public static string ExpectedHex(JsonElement element) => element.GetProperty("hex").GetString()!;
}
