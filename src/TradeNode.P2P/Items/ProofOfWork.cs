using System.Buffers.Binary;
using System.Numerics;

namespace TradeNode.P2P.Items;

/// <summary>Hashcash on item ids: the SHA-256 of the content must start with enough zero bits.</summary>
public static class ProofOfWork
{
    /// <summary>The number of leading zero bits of <paramref name="hash"/>.</summary>
    public static int LeadingZeroBits(ReadOnlySpan<byte> hash)
    {
        var bits = 0;
        while (hash.Length >= 8)
        {
            var word = BinaryPrimitives.ReadUInt64BigEndian(hash);
            if (word != 0)
            {
                return bits + BitOperations.LeadingZeroCount(word);
            }

            bits += 64;
            hash = hash[8..];
        }

        foreach (var b in hash)
        {
            if (b != 0)
            {
                return bits + BitOperations.LeadingZeroCount((uint)b) - 24;
            }

            bits += 8;
        }

        return bits;
    }

    public static bool Meets(ItemId id, int difficultyBits) => LeadingZeroBits(id.Span) >= difficultyBits;
}
