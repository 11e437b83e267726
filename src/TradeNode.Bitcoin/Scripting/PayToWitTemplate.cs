namespace TradeNode.Bitcoin.Scripting;

/// <summary>Any segwit output (BIP141): a version opcode (OP_0, OP_1..OP_16) and one push of 2 to 40 bytes.</summary>
public sealed class PayToWitTemplate
{
    private PayToWitTemplate()
    {
    }

    public static PayToWitTemplate Instance { get; } = new();

    public Script GenerateScriptPubKey(int version, ReadOnlySpan<byte> program)
    {
        if (version is < 0 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "A witness version is 0 to 16.");
        }

        if (program.Length is < 2 or > 40)
        {
            throw new ArgumentException($"A witness program is 2 to 40 bytes, not {program.Length}.", nameof(program));
        }

        return new Script([TemplateChecks.VersionOpcode(version), (byte)program.Length, .. program]);
    }

    public bool CheckScriptPubKey(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        return scriptPubKey.IsWitnessProgram(out _, out _);
    }

    /// <summary>The version and program, or null when the script is not a witness program.</summary>
    public WitProgramParameters? ExtractScriptPubKeyParameters(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        return scriptPubKey.IsWitnessProgram(out var version, out var program) ? new WitProgramParameters(version, program) : null;
    }
}
