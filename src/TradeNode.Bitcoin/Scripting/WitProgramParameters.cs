namespace TradeNode.Bitcoin.Scripting;

/// <summary>A witness program: version 0 to 16 and 2 to 40 bytes of program.</summary>
public sealed class WitProgramParameters
{
    public WitProgramParameters(int version, byte[] program)
    {
        ArgumentNullException.ThrowIfNull(program);
        Version = version;
        Program = program;
    }

    public int Version { get; }

    public byte[] Program { get; }
}
