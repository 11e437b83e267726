using TradeNode.Bitcoin.Crypto;

namespace TradeNode.Bitcoin.Scripting;

/// <summary>
/// Bitcoin Core's script interpreter (script/interpreter.cpp): <see cref="EvalScript"/> runs one script on a stack,
/// <see cref="VerifyScript"/> checks a scriptSig and witness against a scriptPubKey, with P2SH and segwit.
/// </summary>
public static partial class ScriptInterpreter
{
    /// <summary>MAX_SCRIPT_ELEMENT_SIZE: the largest element a script may push.</summary>
    public const int MaxScriptElementSize = 520;

    /// <summary>MAX_OPS_PER_SCRIPT: non-push operations allowed in a legacy or segwit v0 script.</summary>
    public const int MaxOpsPerScript = 201;

    /// <summary>MAX_PUBKEYS_PER_MULTISIG.</summary>
    public const int MaxPubKeysPerMultiSig = 20;

    /// <summary>MAX_STACK_SIZE: stack plus altstack.</summary>
    public const int MaxStackSize = 1000;

    private static readonly byte[] False = [];
    private static readonly byte[] True = [1];

    /// <summary>
    /// Runs <paramref name="script"/> on <paramref name="stack"/> (bottom first). Returns false with the reason in
    /// <paramref name="error"/> when the script fails; the stack is then in an unspecified state.
    /// </summary>
    public static bool EvalScript(List<byte[]> stack, Script script, ScriptVerify flags, ISignatureChecker checker, HashVersion version, out ScriptError error) =>
        EvalScript(stack, script, flags, checker, version, new ScriptExecutionData(), out error);

    /// <summary>
    /// As <see cref="EvalScript(List{byte[]}, Script, ScriptVerify, ISignatureChecker, HashVersion, out ScriptError)"/>,
    /// with the taproot execution state a tapscript needs (leaf hash, annex, validation weight).
    /// </summary>
    public static bool EvalScript(List<byte[]> stack, Script script, ScriptVerify flags, ISignatureChecker checker, HashVersion version, ScriptExecutionData execution, out ScriptError error)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentNullException.ThrowIfNull(execution);
        if (version == HashVersion.Taproot)
        {
            throw new ArgumentException("A taproot key-path spend has no script to evaluate.", nameof(version));
        }

        try
        {
            return Evaluate(stack, script, flags, checker, version, execution, out error);
        }
        catch (ScriptNumberException)
        {
            error = ScriptError.ScriptNum;
            return false;
        }
    }

    /// <summary>Core's CastToBool: false for any encoding of zero, including negative zero.</summary>
    public static bool CastToBool(ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != 0)
            {
                // Negative zero is false.
                return !(i == value.Length - 1 && value[i] == 0x80);
            }
        }

        return false;
    }

    /// <summary>Core's CheckMinimalPush: whether <paramref name="data"/> was pushed with its smallest push opcode.</summary>
    public static bool IsMinimalPush(ReadOnlySpan<byte> data, OpcodeType opcode)
    {
        if (data.Length == 0)
        {
            return opcode == OpcodeType.OP_0;
        }

        if (data.Length == 1 && data[0] >= 1 && data[0] <= 16)
        {
            return false; // OP_1..OP_16 should have been used.
        }

        if (data.Length == 1 && data[0] == 0x81)
        {
            return false; // OP_1NEGATE should have been used.
        }

        if (data.Length <= 75)
        {
            return (int)opcode == data.Length;
        }

        if (data.Length <= 255)
        {
            return opcode == OpcodeType.OP_PUSHDATA1;
        }

        return data.Length > 65535 || opcode == OpcodeType.OP_PUSHDATA2;
    }

    private static bool Fail(ScriptError reason, out ScriptError error)
    {
        error = reason;
        return false;
    }

    private static bool IsDisabled(OpcodeType opcode) => opcode is OpcodeType.OP_CAT or OpcodeType.OP_SUBSTR or OpcodeType.OP_LEFT
        or OpcodeType.OP_RIGHT or OpcodeType.OP_INVERT or OpcodeType.OP_AND or OpcodeType.OP_OR or OpcodeType.OP_XOR
        or OpcodeType.OP_2MUL or OpcodeType.OP_2DIV or OpcodeType.OP_MUL or OpcodeType.OP_DIV or OpcodeType.OP_MOD
        or OpcodeType.OP_LSHIFT or OpcodeType.OP_RSHIFT;

    private static byte[] Top(List<byte[]> stack, int depth) => stack[stack.Count + depth];

    private static void Pop(List<byte[]> stack) => stack.RemoveAt(stack.Count - 1);

    private static void Swap(List<byte[]> stack, int a, int b)
    {
        var i = stack.Count + a;
        var j = stack.Count + b;
        (stack[i], stack[j]) = (stack[j], stack[i]);
    }

    private static long Number(byte[] value, bool requireMinimal, int maxSize = ScriptNumber.DefaultMaxSize) =>
        ScriptNumber.Deserialize(value, requireMinimal, maxSize);

    /// <summary>CScriptNum::getint: the value clamped to a 32-bit int.</summary>
    private static int NumberAsInt(byte[] value, bool requireMinimal) =>
        (int)Math.Clamp(Number(value, requireMinimal), int.MinValue, int.MaxValue);

    private static byte[] Hash(OpcodeType opcode, byte[] value) => opcode switch
    {
        OpcodeType.OP_RIPEMD160 => Hashes.RIPEMD160(value),
        OpcodeType.OP_SHA1 => Hashes.SHA1(value),
        OpcodeType.OP_SHA256 => Hashes.SHA256(value),
        OpcodeType.OP_HASH160 => Hashes.Hash160(value),
        _ => Hashes.DoubleSHA256(value),
    };
}
