using System.Diagnostics.CodeAnalysis;
using TradeNode.Bitcoin.Crypto;

namespace TradeNode.Bitcoin;

/// <summary>
/// An ECDSA signature as it appears in a scriptSig, a witness or a PSBT: the DER encoding followed by one
/// hash type byte.
/// </summary>
public sealed class TransactionSignature : IEquatable<TransactionSignature>
{
    public TransactionSignature(ECDSASignature signature, SigHash sigHash = SigHash.All)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (!IsDefinedHashType((uint)sigHash))
        {
            throw new ArgumentException($"0x{(uint)sigHash:x2} is not a defined hash type (ALL, NONE or SINGLE, optionally with ANYONECANPAY).", nameof(sigHash));
        }

        Signature = signature;
        SigHash = sigHash;
    }

    public ECDSASignature Signature { get; }

    public SigHash SigHash { get; }

    /// <summary>DER signature followed by the hash type byte.</summary>
    public byte[] ToBytes() => [.. Signature.ToDER(), (byte)SigHash];

    public string ToHex() => Convert.ToHexStringLower(ToBytes());

    /// <summary>
    /// Parses strictly, as Bitcoin Core's DERSIG and STRICTENC rules: BIP66 DER plus a defined hash type.
    /// High-S signatures are accepted here (LOW_S is a separate policy).
    /// </summary>
    public static TransactionSignature Parse(ReadOnlySpan<byte> bytes)
    {
        if (!TryParse(bytes, out var signature))
        {
            throw new FormatException("Not a valid transaction signature: it must be a strict DER signature followed by a defined hash type byte.");
        }

        return signature;
    }

    public static TransactionSignature Parse(string hex)
    {
        if (!DataEncoders.Encoders.Hex.TryDecode(hex, out var bytes))
        {
            throw new FormatException("A transaction signature is given as hexadecimal.");
        }

        return Parse(bytes);
    }

    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out TransactionSignature? signature)
    {
        signature = null;
        if (!IsValid(bytes) || !ECDSASignature.TryParseStrict(bytes[..^1], out var ecdsa))
        {
            return false;
        }

        signature = new TransactionSignature(ecdsa, (SigHash)bytes[^1]);
        return true;
    }

    /// <summary>True when the bytes are strict DER followed by a defined hash type.</summary>
    public static bool IsValid(ReadOnlySpan<byte> bytes) => ECDSASignature.IsValidEncoding(bytes) && IsDefinedHashType(bytes[^1]);

    /// <summary>Bitcoin Core's IsDefinedHashtypeSignature: ALL, NONE or SINGLE, optionally with ANYONECANPAY.</summary>
    public static bool IsDefinedHashType(uint hashType)
    {
        var baseType = hashType & ~(uint)SigHash.AnyoneCanPay;
        return baseType is >= (uint)SigHash.All and <= (uint)SigHash.Single;
    }

    public bool Equals(TransactionSignature? other) => other is not null && ToBytes().AsSpan().SequenceEqual(other.ToBytes());

    public override bool Equals(object? obj) => Equals(obj as TransactionSignature);

    public override int GetHashCode() => HashCode.Combine(Signature.R.GetHashCode(), Signature.S.GetHashCode(), SigHash);

    public override string ToString() => ToHex();
}
