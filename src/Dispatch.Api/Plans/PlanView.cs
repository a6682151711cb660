using Dispatch.Domain.Plans;

namespace Dispatch.Api.Plans;

/// <summary>A plan as read: the current version's content, every version with the reason and feedback behind it, the feedback.</summary>
public sealed record PlanView(Guid Id, string Code, int CurrentVersion, PlanContent Current, IReadOnlyList<PlanVersionEntry> Versions,
    IReadOnlyList<PlanFeedback> Feedback)
{
    public static PlanView From(EmergencyPlanState state) =>
        new(state.Id, state.Code, state.CurrentVersion, state.Current, state.Versions, state.Feedback);
}

/// <summary>One line of the plan list.</summary>
public sealed record PlanSummary(Guid Id, string Code, string Title, int CurrentVersion, bool Modeled, IReadOnlyList<string> Departments,
    int OpenFeedback);
