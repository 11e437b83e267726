using System.Diagnostics.CodeAnalysis;
using TradeNode.Bitcoin.DataEncoders;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>TEMPORARY stand-in for WIF until the addresses branch (BitcoinSecret) is merged; delete after merging.</summary>
internal static class WifStandIn
{
    public static bool TryDecode(string text, Network network, [NotNullWhen(true)] out Key? key)
    {
        key = null;
        if (!Encoders.Base58Check.TryDecode(text, out var payload))
        {
            return false;
        }

        try
        {
            var compressed = payload.Length == 34 && payload[33] == 0x01;
            if ((payload.Length != 33 && !compressed) || payload[0] != network.SecretKeyPrefix || !Key.IsValidSecret(payload.AsSpan(1, 32)))
            {
                return false;
            }

            key = new Key(payload.AsSpan(1, 32), compressed);
            return true;
        }
        finally
        {
            Array.Clear(payload);
        }
    }

    public static string Encode(Key key, Network network)
    {
        var payload = new byte[key.IsCompressed ? 34 : 33];
        payload[0] = network.SecretKeyPrefix;
        key.ToBytes().CopyTo(payload, 1);
        if (key.IsCompressed)
        {
            payload[33] = 0x01;
        }

        var text = Encoders.Base58Check.Encode(payload);
        Array.Clear(payload);
        return text;
    }
}
