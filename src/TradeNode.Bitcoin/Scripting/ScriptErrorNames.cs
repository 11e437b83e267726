using System.Diagnostics.CodeAnalysis;

namespace TradeNode.Bitcoin.Scripting;

/// <summary>The names Bitcoin Core's script_tests.json uses for <see cref="ScriptError"/> values.</summary>
public static class ScriptErrorNames
{
    private static readonly Dictionary<ScriptError, string> ToName = new()
    {
        [ScriptError.Ok] = "OK",
        [ScriptError.UnknownError] = "UNKNOWN_ERROR",
        [ScriptError.EvalFalse] = "EVAL_FALSE",
        [ScriptError.OpReturn] = "OP_RETURN",
        [ScriptError.ScriptSize] = "SCRIPT_SIZE",
        [ScriptError.PushSize] = "PUSH_SIZE",
        [ScriptError.OpCount] = "OP_COUNT",
        [ScriptError.StackSize] = "STACK_SIZE",
        [ScriptError.SigCount] = "SIG_COUNT",
        [ScriptError.PubkeyCount] = "PUBKEY_COUNT",
        [ScriptError.Verify] = "VERIFY",
        [ScriptError.EqualVerify] = "EQUALVERIFY",
        [ScriptError.CheckMultiSigVerify] = "CHECKMULTISIGVERIFY",
        [ScriptError.CheckSigVerify] = "CHECKSIGVERIFY",
        [ScriptError.NumEqualVerify] = "NUMEQUALVERIFY",
        [ScriptError.BadOpcode] = "BAD_OPCODE",
        [ScriptError.DisabledOpcode] = "DISABLED_OPCODE",
        [ScriptError.InvalidStackOperation] = "INVALID_STACK_OPERATION",
        [ScriptError.InvalidAltstackOperation] = "INVALID_ALTSTACK_OPERATION",
        [ScriptError.UnbalancedConditional] = "UNBALANCED_CONDITIONAL",
        [ScriptError.NegativeLockTime] = "NEGATIVE_LOCKTIME",
        [ScriptError.UnsatisfiedLockTime] = "UNSATISFIED_LOCKTIME",
        [ScriptError.SigHashType] = "SIG_HASHTYPE",
        [ScriptError.SigDer] = "SIG_DER",
        [ScriptError.MinimalData] = "MINIMALDATA",
        [ScriptError.SigPushOnly] = "SIG_PUSHONLY",
        [ScriptError.SigHighS] = "SIG_HIGH_S",
        [ScriptError.SigNullDummy] = "SIG_NULLDUMMY",
        [ScriptError.PubkeyType] = "PUBKEYTYPE",
        [ScriptError.CleanStack] = "CLEANSTACK",
        [ScriptError.MinimalIf] = "MINIMALIF",
        [ScriptError.SigNullFail] = "NULLFAIL",
        [ScriptError.DiscourageUpgradableNops] = "DISCOURAGE_UPGRADABLE_NOPS",
        [ScriptError.DiscourageUpgradableWitnessProgram] = "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM",
        [ScriptError.DiscourageUpgradableTaprootVersion] = "DISCOURAGE_UPGRADABLE_TAPROOT_VERSION",
        [ScriptError.DiscourageOpSuccess] = "DISCOURAGE_OP_SUCCESS",
        [ScriptError.DiscourageUpgradablePubkeyType] = "DISCOURAGE_UPGRADABLE_PUBKEYTYPE",
        [ScriptError.WitnessProgramWrongLength] = "WITNESS_PROGRAM_WRONG_LENGTH",
        [ScriptError.WitnessProgramWitnessEmpty] = "WITNESS_PROGRAM_WITNESS_EMPTY",
        [ScriptError.WitnessProgramMismatch] = "WITNESS_PROGRAM_MISMATCH",
        [ScriptError.WitnessMalleated] = "WITNESS_MALLEATED",
        [ScriptError.WitnessMalleatedP2SH] = "WITNESS_MALLEATED_P2SH",
        [ScriptError.WitnessUnexpected] = "WITNESS_UNEXPECTED",
        [ScriptError.WitnessPubkeyType] = "WITNESS_PUBKEYTYPE",
        [ScriptError.SchnorrSigSize] = "SCHNORR_SIG_SIZE",
        [ScriptError.SchnorrSigHashType] = "SCHNORR_SIG_HASHTYPE",
        [ScriptError.SchnorrSig] = "SCHNORR_SIG",
        [ScriptError.TaprootWrongControlSize] = "TAPROOT_WRONG_CONTROL_SIZE",
        [ScriptError.TapscriptValidationWeight] = "TAPSCRIPT_VALIDATION_WEIGHT",
        [ScriptError.TapscriptCheckMultiSig] = "TAPSCRIPT_CHECKMULTISIG",
        [ScriptError.TapscriptMinimalIf] = "TAPSCRIPT_MINIMALIF",
        [ScriptError.TapscriptEmptyPubkey] = "TAPSCRIPT_EMPTY_PUBKEY",
        [ScriptError.OpCodeSeparator] = "OP_CODESEPARATOR",
        [ScriptError.SigFindAndDelete] = "SIG_FINDANDDELETE",
        [ScriptError.ScriptNum] = "SCRIPTNUM",
    };

    private static readonly Dictionary<string, ScriptError> FromName = ToName.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Core's name for the error ("EVAL_FALSE", "NULLFAIL", ...).</summary>
    public static string GetName(ScriptError error) => ToName.TryGetValue(error, out var name) ? name : error.ToString();

    /// <summary>Parses one of Core's error names; throws <see cref="FormatException"/> for an unknown name.</summary>
    public static ScriptError Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FromName.TryGetValue(name, out var error)
            ? error
            : throw new FormatException($"'{name}' is not a script error name.");
    }

    public static bool TryParse([NotNullWhen(true)] string? name, out ScriptError error)
    {
        error = ScriptError.UnknownError;
        return name is not null && FromName.TryGetValue(name, out error);
    }
}
