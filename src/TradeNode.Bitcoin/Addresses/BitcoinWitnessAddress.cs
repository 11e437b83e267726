using TradeNode.Bitcoin.DataEncoders;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Addresses;

/// <summary>
/// Any other segwit address: a witness version and program with no meaning assigned yet (for example version 2, or
/// version 1 with a program that is not 32 bytes). Encoded with Bech32m, as BIP350 requires for versions 1 to 16.
/// </summary>
public sealed class BitcoinWitnessAddress : BitcoinAddress
{
    private readonly byte[] _program;

    public BitcoinWitnessAddress(int version, ReadOnlySpan<byte> program, Network network)
        : base(Encode(version, program, network), network!)
    {
        Version = version;
        _program = program.ToArray();
    }

    public int Version { get; }

    public byte[] Program => (byte[])_program.Clone();

    public override Script ScriptPubKey => PayToWitTemplate.Instance.GenerateScriptPubKey(Version, _program);

    private static string Encode(int version, ReadOnlySpan<byte> program, Network? network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (Bech32Encoder.CheckWitnessProgram(version, program.Length) is { } problem)
        {
            throw new ArgumentException(problem, nameof(program));
        }

        return Encoders.Bech32(network.Bech32Hrp).Encode((byte)version, program);
    }
}
