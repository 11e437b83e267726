namespace TradeNode.Bitcoin.Scripting;

/// <summary>Why a script failed, as Bitcoin Core's ScriptError_t (script/script_error.h).</summary>
#pragma warning disable CA1008 // Ok is the zero value: success.
public enum ScriptError
{
    Ok = 0,
    UnknownError,
    EvalFalse,
    OpReturn,

    // Size and count limits.
    ScriptSize,
    PushSize,
    OpCount,
    StackSize,
    SigCount,
    PubkeyCount,

    // Failed VERIFY operations.
    Verify,
    EqualVerify,
    CheckMultiSigVerify,
    CheckSigVerify,
    NumEqualVerify,

    // Logic and format errors.
    BadOpcode,
    DisabledOpcode,
    InvalidStackOperation,
    InvalidAltstackOperation,
    UnbalancedConditional,

    // CHECKLOCKTIMEVERIFY and CHECKSEQUENCEVERIFY.
    NegativeLockTime,
    UnsatisfiedLockTime,

    // Malleability.
    SigHashType,
    SigDer,
    MinimalData,
    SigPushOnly,
    SigHighS,
    SigNullDummy,
    PubkeyType,
    CleanStack,
    MinimalIf,
    SigNullFail,

    // Soft-fork safety.
    DiscourageUpgradableNops,
    DiscourageUpgradableWitnessProgram,
    DiscourageUpgradableTaprootVersion,
    DiscourageOpSuccess,
    DiscourageUpgradablePubkeyType,

    // Segregated witness.
    WitnessProgramWrongLength,
    WitnessProgramWitnessEmpty,
    WitnessProgramMismatch,
    WitnessMalleated,
    WitnessMalleatedP2SH,
    WitnessUnexpected,
    WitnessPubkeyType,

    // Taproot.
    SchnorrSigSize,
    SchnorrSigHashType,
    SchnorrSig,
    TaprootWrongControlSize,
    TapscriptValidationWeight,
    TapscriptCheckMultiSig,
    TapscriptMinimalIf,
    TapscriptEmptyPubkey,

    // Constant scriptCode.
    OpCodeSeparator,
    SigFindAndDelete,

    /// <summary>A number operand was longer than allowed or not minimally encoded.</summary>
    ScriptNum,
}
#pragma warning restore CA1008
