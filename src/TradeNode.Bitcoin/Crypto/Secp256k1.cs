using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace TradeNode.Bitcoin.Crypto;

/// <summary>The secp256k1 curve from BouncyCastle's custom (fast field arithmetic) curves.</summary>
internal static class Secp256k1
{
    public static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256k1");

    public static readonly ECDomainParameters Domain = new(Parameters.Curve, Parameters.G, Parameters.N, Parameters.H);

    public static BigInteger N => Parameters.N;

    public static readonly BigInteger HalfN = Parameters.N.ShiftRight(1);
}
