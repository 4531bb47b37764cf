using ChiroClick.Api.Access;
using ChiroClick.Domain.Clinics;

namespace ChiroClick.Api.Assistant;

/// <summary>
/// Who may call the assistant: clinicians and the front desk (clinic documents: routines, prices, exercise sheets). What a
/// search or chat may <i>see</i> is narrower and decided per request (<see cref="Retrieval.RetrievalScope"/>): clinical
/// sources only for clinicians and admins.
/// </summary>
public sealed class AssistantAccess : FeatureAccess
{
    /// <summary>Declares the groups.</summary>
    public AssistantAccess()
    {
        Group("Assistant documents", [KeyRole.Clinician, KeyRole.FrontDesk], "/api/v1/assistant/documents");
        Group("Assistant search and chat", [KeyRole.Clinician, KeyRole.FrontDesk],
            "/api/v1/assistant/search", "/api/v1/assistant/chat", "/api/v1/assistant/chat/stream");
    }
}
