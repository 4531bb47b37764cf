namespace ChiroClick.Domain.Ai;

/// <summary>
/// What a clinician asks the local AI for. Serialised in snake_case (<c>soap_norwegian</c>).
/// Default routing to a <see cref="ModelRole"/> is in DESIGN.md: spell_check, soap_norwegian,
/// sms_generation → norwegian; diagnosis, red_flags, clinical_reasoning → medical; quick_suggestion,
/// autocomplete → fast; general, clinical_summary → default; consultation_extraction → medical; assistant_chat → default.
/// </summary>
public enum AiTask
{
    /// <summary>Correct spelling in Norwegian clinical text.</summary>
    SpellCheck,
    /// <summary>Write a SOAP note section in Norwegian.</summary>
    SoapNorwegian,
    /// <summary>Draft an SMS to a patient.</summary>
    SmsGeneration,
    /// <summary>Suggest ICPC-2 diagnosis codes (structured output).</summary>
    Diagnosis,
    /// <summary>Find red flags (structured output).</summary>
    RedFlags,
    /// <summary>Clinical reasoning about findings.</summary>
    ClinicalReasoning,
    /// <summary>Short suggestion while typing.</summary>
    QuickSuggestion,
    /// <summary>Autocomplete a phrase.</summary>
    Autocomplete,
    /// <summary>Anything else.</summary>
    General,
    /// <summary>Summarise a patient's history.</summary>
    ClinicalSummary,
    /// <summary>Turn a consultation transcript into a structured note: SOAP, ICPC-2 diagnoses, red flags, follow-up, tasks, exercises (structured output).</summary>
    ConsultationExtraction,
    /// <summary>Answer a staff question from the clinic's own records, citing the numbered context.</summary>
    AssistantChat,
}

/// <summary>The four model roles; each maps to one Ollama model by configuration.</summary>
public enum ModelRole
{
    /// <summary>General model (default chiro-no).</summary>
    Default,
    /// <summary>Small, fast model (default chiro-fast).</summary>
    Fast,
    /// <summary>Norwegian-language model (default chiro-norwegian).</summary>
    Norwegian,
    /// <summary>Medical model (default chiro-medical).</summary>
    Medical,
}

/// <summary>
/// How a clinician's decision relates to the suggestion (the training signal). Serialised in
/// snake_case: accepted_as_is, minor_edit, major_edit, rejected.
/// </summary>
public enum FeedbackKind
{
    /// <summary>Accepted without change.</summary>
    AcceptedAsIs,
    /// <summary>Accepted after a small edit (normalised edit distance at or below the threshold).</summary>
    MinorEdit,
    /// <summary>Accepted after a large edit.</summary>
    MajorEdit,
    /// <summary>Rejected (possibly with the clinician's own text as correction).</summary>
    Rejected,
}
