namespace TradeNode.Bitcoin.Scripting;

/// <summary>Argument checks the script templates share.</summary>
internal static class TemplateChecks
{
    public static void RequireLength(ReadOnlySpan<byte> value, int length, string parameterName, string what)
    {
        if (value.Length != length)
        {
            throw new ArgumentException($"{what} is {length} bytes, not {value.Length}.", parameterName);
        }
    }

    /// <summary>The opcode that pushes the witness version: OP_0 or OP_1..OP_16.</summary>
    public static byte VersionOpcode(int version) => (byte)(version == 0 ? 0 : (int)OpcodeType.OP_1 + version - 1);
}
