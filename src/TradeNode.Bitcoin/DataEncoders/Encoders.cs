namespace TradeNode.Bitcoin.DataEncoders;

/// <summary>Entry point to the text encodings, after NBitcoin's <c>Encoders</c>.</summary>
public static class Encoders
{
    public static HexEncoder Hex { get; } = new();
}
