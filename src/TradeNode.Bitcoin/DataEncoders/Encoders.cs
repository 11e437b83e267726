namespace TradeNode.Bitcoin.DataEncoders;

/// <summary>Entry point to the text encodings, after NBitcoin's <c>Encoders</c>.</summary>
public static class Encoders
{
    public static HexEncoder Hex { get; } = new();

    public static Base58Encoder Base58 { get; } = new(check: false);

    public static Base58Encoder Base58Check { get; } = new(check: true);

    /// <summary>A Bech32/Bech32m encoder for the human-readable part <paramref name="hrp"/> (for example <c>network.Bech32Hrp</c>).</summary>
    public static Bech32Encoder Bech32(string hrp) => new(hrp);
}
