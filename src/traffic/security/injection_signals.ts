/**
 * The signals of the injection detector, one per line: id, category, weight, pattern. Patterns
 * run over normalized text (NFKC, lowercase, whitespace collapsed to one space); a text is
 * flagged when the weights of the distinct signals it shows add up to 1. Single characters (`;`,
 * `|`, `&&`, quotes, backticks) are never a signal: patterns need the shape of an attack (a quote
 * that closes a literal AND a tautology, a command separator AND a destructive command, ...).
 * Weight 1 is reserved for phrasings with no ordinary use; what a developer may legitimately write
 * (a UNION query, a <script> tag, `../..` imports, `$(curl ...)` in a script) weighs less.
 * Patterns are linear: bounded gaps only, no nested quantifiers.
 */

export type InjectionCategory =
  | "prompt_injection"
  | "sql_injection"
  | "xss"
  | "path_traversal"
  | "shell_injection"
  | "template_injection"
  | "nosql_ldap_injection"
  | "xxe_ssrf";

export interface Signal {
  readonly id: string;
  readonly category: InjectionCategory;
  readonly weight: number;
  readonly pattern: RegExp;
  /** The same pattern with the global flag, to find later occurrences (exec from lastIndex). */
  readonly locate: RegExp;
}

const alt = (...words: string[]) => `(?:${words.join("|")})`;
const OVERRIDE = alt(
  "ignore",
  "disregard",
  "forget",
  "override",
  "bypass",
  "do not follow",
  "don't follow",
  "stop following",
);
const SET_ASIDE = alt("skip", "neglect", "abandon", "discard", "drop", "set aside", "throw out");
// deno-fmt-ignore
const PRIOR = alt("previous", "prior", "preceding", "above", "earlier", "former", "initial", "original",
  "old", "existing", "system", "given");
// deno-fmt-ignore
const RULES = alt("instructions?", "prompts?", "rules", "directions", "guidelines", "guidance",
  "directives", "commands", "orders", "constraints", "programming", "guardrails", "restrictions",
  "policies", "context", "training", "safeguards");
// deno-fmt-ignore
const FILLER = `(?:${alt("all", "any", "every", "each", "the", "your", "my", "of", "these", "those",
  "that", "its", "previous", "prior", "above", "earlier", "instructions", "and", "or", "you", "were",
  "have", "been", "given", "told")}\\s)`;

// deno-fmt-ignore
const TABLE = String.raw`
# --- prompt injection: instruction override, persona hijack, exfiltration, role-play jailbreaks
override_instructions     prompt_injection 1   (?:^|[.!?:;,\"'\])>]\s?|\b(?:please|kindly|now|just|and|then|must|should|will|can you|could you|you should|you must)\s)${OVERRIDE}\s${FILLER}{0,4}${PRIOR}\s(?:\w+\s){0,2}${RULES}\b
override_reported         prompt_injection 0.5 \b${OVERRIDE}\s${FILLER}{0,4}${PRIOR}\s(?:\w+\s){0,2}${RULES}\b
set_aside_instructions    prompt_injection 0.5 \b${SET_ASIDE}\s${FILLER}{0,4}${PRIOR}\s(?:\w+\s){0,2}${RULES}\b
override_multilingual     prompt_injection 1   \b(?:ignore[zr]?|oublie[zr]?)\s(?:toutes?\s)?(?:les\s|vos\s)?(?:instructions|consignes|règles)\s(?:précédentes|antérieures|ci-dessus)|\b(?:ignora|olvida|ignore|olvide)\s(?:todas\s)?(?:las\s|tus\s)?(?:instrucciones|reglas)\s(?:anteriores|previas)|\b(?:ignoriere|vergiss|ignorieren sie|vergessen sie)\s(?:alle\s)?(?:vorherigen|bisherigen|obigen)\s(?:anweisungen|regeln|instruktionen)|\b(?:ignore|esqueça)\s(?:todas\s)?(?:as\s)?(?:instruções|regras)\s(?:anteriores|prévias)|\b(?:ignora|dimentica)\s(?:tutte\s)?(?:le\s)?(?:istruzioni|regole)\s(?:precedenti)
forget_everything         prompt_injection 1   \b(?:forget|ignore|disregard)\s(?:everything|all|anything|whatever)\s(?:you(?:'ve| have)?\s(?:been|were)\s(?:told|taught|instructed|trained)|(?:said|written|stated)\s(?:above|before)|above|before this|prior|that came before)
override_given_rules      prompt_injection 1   \b${OVERRIDE}\s(?:all\s|any\s)?(?:of\s)?(?:the\s)?${RULES}\s(?:that\s)?(?:you(?:'ve| have)?\s(?:were\s|have been\s|been\s)?(?:given|told|taught|programmed with)|(?:the|your)\s(?:developers?|creators?|operators?|admins?|owners?|company)\s(?:gave|has given|have given|set|wrote|provided)\b)
override_your_rules       prompt_injection 0.6 \b(?:ignore|disregard|bypass|override|forget|abandon)\s(?:all\s)?(?:your|its|their|the assistant's|any|openai'?s?)\s(?:\w+\s)?(?:instructions|guidelines|rules|programming|polic(?:y|ies)|guardrails|restrictions|directives|safety training)\b
rules_void                prompt_injection 1   \b(?:your|the|all|openai'?s?|any)\s(?:\w+\s)?(?:rules?|restrictions?|guidelines?|polic(?:y|ies)|filters?|limitations?|safeguards?)\s(?:no longer|do not|don't|does not|doesn't|won't|will not|now don't|are not|aren't)\s(?:apply|exist|matter|bind|count)
instructions_void         prompt_injection 0.6 \b(?:instructions|rules|guidelines|guidance|directives|policies|restrictions|prompt)\b(?:\s[\w']+){0,4}\s(?:are|is) (?:now )?(?:void|null|invalid|cancell?ed|revoked|obsolete|overridden|lifted|suspended|disabled)\b
disable_safety            prompt_injection 0.6 \b(?:disable|turn off|deactivate|remove|switch off|bypass|lift|drop)\s(?:all |your |the |any |its )?(?:safety|content|ethical|moral)\s(?:filters?|guardrails|safeguards|restrictions|guidelines|moderation|checks|protocols)\b
safety_disabled           prompt_injection 0.6 \b(?:safety|content|ethical|moral)\s(?:filters?|guardrails|safeguards|restrictions|guidelines|moderation|checks|protocols)\s(?:are\s|is\s|have been\s|has been\s|were\s)?(?:now\s)?(?:disabled|deactivated|removed|lifted|off|turned off|suspended|bypassed)\b
persona_hijack            prompt_injection 1   \byou are (?:now|no longer|from now on|henceforth)\s(?:[\w'-]+,?\s){0,3}(?:dan|stan|dude|jailbroken|unrestricted|unfiltered|uncensored|unbound|free from|freed|liberated|evil|amoral|unethical|without (?:any )?(?:restrictions|limits|rules|filters|morals))\b
dan_order                 prompt_injection 1   \b(?:act as dan|you are dan|as dan,|stay (?:as|in) dan|developer mode output|aim stands for)
dan_name                  prompt_injection 1   \b(?:do anything now|dan mode|dan prompt|dan jailbreak)
ai_persona                prompt_injection 0.3 \byou(?:'re| are| will be)(?: now)? (?:an? |the )?['"]?[\w-]+['"]?,? (?:an? |the )?(?:\w+ )?(?:ai|assistant|chatbot|model|bot|llm)\b|\b(?:ai|assistant|chatbot|model|bot|llm) (?:called|named|known as)\b
jailbreak_word            prompt_injection 0.4 \bjailbr(?:oken|eak(?:ed|ing)?)\b
no_restrictions           prompt_injection 0.4 \b(?:no|zero|with no|without|free of|free from|not bound by|unbound by|ignoring|bypass(?:ing)?|beyond|exempt from|outside)\s(?:any |all |your |the |its |of )?(?:ethical |moral |safety |content |openai'?s? |usual |typical |normal )?(?:restrictions|rules|limits|guidelines|filters|filtering|limitations|policies|censorship|guardrails|morals|ethics|safeguards|boundaries)\b
you_have_no_rules         prompt_injection 0.6 \byou (?:have|got|possess) no (?:rules|restrictions|limits|filters|guidelines|morals|ethics|boundaries)\b
freed_from_rules          prompt_injection 0.6 \b(?:freed|released|liberated|broken free|break free) (?:from|of) (?:the )?(?:typical |usual )?(?:confines|constraints|restrictions|rules|limitations|shackles)\b
need_not_follow           prompt_injection 0.6 \b(?:do not|don't|does not|doesn't|no longer) (?:have to|need to|must) (?:abide by|follow|obey|comply with) (?:the|any|your|its) (?:rules|guidelines|policies|restrictions)\b
unlimited_output          prompt_injection 0.5 \byou (?:can|may|are (?:now )?(?:able|allowed|free) to) (?:now )?(?:say|do|generate|produce|write|answer) (?:anything|any content|whatever)\b
roleplay_unrestricted     prompt_injection 0.6 \b(?:pretend|imagine|act|behave|roleplay|role-play|play the role|simulate|become)\b.{0,40}\b(?:unrestricted|unfiltered|uncensored|evil|amoral|unethical|jailbroken|rogue|malicious|opposite|limitless)\b.{0,30}\b(?:ai|assistant|model|chatbot|bot|version|twin|persona|character|alter ego)\b
grandma_exploit           prompt_injection 0.5 \b(?:deceased|late|dead) (?:grandma|grandmother|grandpa|grandfather)\b.{0,80}\b(?:keys|recipe|napalm|instructions|passwords|serials?)\b
evil_mode                 prompt_injection 0.5 \b(?:developer|god|sudo|admin|debug|maintenance|unrestricted|unfiltered|evil|opposite|chaos) mode (?:is )?(?:enabled|activated|on|unlocked|engaged)\b|\b(?:enable|activate|enter|unlock|switch to|turn on) (?:unrestricted|unfiltered|evil|god|jailbreak|dan|opposite) mode\b|\byou(?:'re| are) (?:now )?in (?:\w+ )?(?:unrestricted|unfiltered|god|jailbreak|dan|evil|uncensored) mode\b
from_now_on               prompt_injection 0.4 \bfrom now on,? you (?:will|must|shall|are going to|have to|can|are|only|follow|obey)\b|\bstay in character\b|\bnever break character\b
never_refuse              prompt_injection 0.6 \b(?:never|don't|do not|must not|will not|won't|cannot|can't)\s(?:ever\s)?(?:refuse[sd]?|decline[sd]?|reject(?:s|ed)?)\b|\b(?:answer|respond to|comply with) (?:any|every|all) (?:request|question|prompt)s?\b.{0,40}\b(?:no matter|regardless|even if|without)\b
comply_all                prompt_injection 0.4 \byou (?:will|must|shall) (?:answer|respond to|comply with) (?:every|any|all)\b|\brespond to every prompt i give you\b
break_rules               prompt_injection 0.4 \b(?:let's|let us|time to|now) (?:break|bend|ignore) (?:the|all|some|your) rules\b
openai_policy             prompt_injection 0.3 \bopenai(?:'s)? (?:content )?polic(?:y|ies)\b
fake_delimiter            prompt_injection 0.4 \[(?:end of (?:document|text|input|context|file)|end|admin|new (?:instructions|session))\]|-{3,} ?end of (?:document|text|input|review|email|message|page|comment|content|data)|<\/(?:document|context|user_input)>
authority_claim           prompt_injection 0.5 \b(?:i am|i'm|this is) (?:your|the|an?) (?:developer|creator|admin|administrator|owner|system administrator|openai (?:engineer|employee|staff))\b|\b(?:by|from) openai (?:staff|engineers?|employees?|team)\b|\b(?:verified|authenticated|confirmed|authorized) as (?:an? |the |your )?(?:openai |anthropic )?(?:developer|admin|administrator|engineer|employee|staff|owner|creator)\b
override_granted          prompt_injection 0.5 \b(?:admin|developer|root|sudo|maintenance|debug|override|security) (?:override|access|code|authorization|privileges?)(?: [\w-]{1,12})? (?:granted|accepted|enabled|confirmed|activated)\b
new_instructions          prompt_injection 0.6 \b(?:new|updated|real|actual|true|secret|hidden|revised|override) (?:system )?(?:instructions?|directives?|orders|task|rules?|prompt|polic(?:y|ies))\s?:|\byour (?:new|real|true|actual|only) (?:instructions?|task|purpose|goal|role|job|directive) (?:is|are|will be)\b
goal_hijack               prompt_injection 0.4 \b(?:ignore|disregard)\b.{0,60}\binstead\b|\b(?:i have|i've) been (?:pwned|hacked|pwnd)\b|\bpwned\b|\b(?:respond|reply|answer|say|output)\s(?:only|just)\s(?:with\s)?(?:the\s)?(?:word|phrase|string)\b
fake_chat_markup          prompt_injection 1   <\|im_start\|>\s?(?:system|assistant)|<\|(?:system|im_sep)\|>|\[system\](?:\s|:)|^###? ?(?:system|instruction)s?(?: message| prompt)? ?(?::|##)|(?:^|\s)(?:system|developer) (?:override|message|notice|alert) ?:
special_tokens            prompt_injection 0.5 <\|(?:im_end|endoftext|eot_id|start_header_id|end_header_id)\|>|\[\/?inst\]|<<\/?sys>>
exfiltrate_your_prompt    prompt_injection 1   \b(?:reveal|show|print|display|output|repeat|tell|give|share|leak|dump|disclose|expose|write out|list|recite|spell out|copy|paste|echo|append|attach|include|insert|encode|embed|send|what (?:is|are|was|were))\b.{0,30}\b(?:your|ur)\s(?:\w+\s)?(?:system|initial|original|hidden|secret|internal|developer|pre-?|full|exact|confidential|first|underlying)[ -]?(?:prompt|instructions?|message|directives|configuration|guidelines|rules)\b
exfiltrate_the_prompt     prompt_injection 0.5 \b(?:reveal|print|output|repeat|dump|leak|disclose|recite|echo)\b.{0,30}\bthe\s(?:system|initial|hidden|secret|original|developer|confidential)[ -]?(?:prompt|instructions?|message)\b|\bwhat (?:did|does|were|was) (?:the |your )?(?:developer|creator|system|admin|operator)s? (?:tell|told|instruct|say)\b
asks_for_instructions     prompt_injection 0.6 \bwhat (?:instructions|rules|guidelines|directives|prompts?|orders) (?:were|was|have|did) you (?:been )?(?:given|told|provided|receive)
start_of_conversation     prompt_injection 0.4 \b(?:at|from) the (?:start|beginning|top) of (?:this|the) (?:conversation|chat|session|context)\b
repeat_above              prompt_injection 1   \b(?:repeat|print|output|copy|echo|recite|reproduce|summarize|translate)\b.{0,30}\b(?:the )?(?:words|text|everything|all|content|instructions|messages?|lines)\s(?:above|before this|preceding|prior to this|that came before|at the (?:start|beginning|top))\b.{0,60}\b(?:verbatim|word for word|exactly|starting with|including|begin(?:ning)? with|in a code block|in full)\b
repeat_above_loose        prompt_injection 0.6 \b(?:repeat|print|output|copy|echo|recite|reproduce|show)\b.{0,30}\b(?:words|text|everything|content|instructions|messages?|lines)\b.{0,30}\b(?:above|before (?:this|my|the user)|preceding|prior to (?:this|my)|that came before|at the (?:start|beginning|top))\b
hidden_system_text        prompt_injection 0.4 \b(?:hidden|secret|invisible|internal) (?:system )?(?:text|message|prompt|instructions)\b
verbatim                  prompt_injection 0.3 \b(?:verbatim|word for word|word-for-word)\b
hidden_directive          prompt_injection 0.5 \b(?:assistant|ai|chatbot|model|llm|gpt|chatgpt|claude)s?\b.{0,20}\b(?:must|should|will) (?:now )?(?:ignore|disregard|reveal|forward|send|exfiltrate|email|leak)\b
markdown_image_exfil      prompt_injection 0.5 !\[[^\]]{0,80}\]\(https?:\/\/[^)\s]{1,200}[?&][\w-]{1,30}=(?:\)|\{|\[|\$|%s|<)
# --- SQL injection
sql_tautology             sql_injection    1   ['"\`]\s*\)*\s*(?:or|\|\|)\s+\(*\s*(?:['"]?(\w+)['"]?\s*={1,2}\s*['"]?\1\b|['"]['"]\s*={1,2}\s*['"]|(?:true|1)\s*(?:--|#|\/\*|;|$))
sql_boolean_probe         sql_injection    0.7 ['"\`]\s*\)*\s*(?:and|&&)\s+\(*\s*['"]?(\w+)['"]?\s*={1,2}\s*['"]?\1\b
sql_quote_subquery        sql_injection    0.5 ['"\`]\s*\)*\s*(?:and|or)\s+(?:\d+\s*=\s*)?\(\s*select\b
sql_numeric_condition     sql_injection    0.5 ^\s*-?\d+\s*\)*\s+(?:and|or)\s+\d+\s*=\s*\d+\b
sql_numeric_tautology     sql_injection    0.6 \b\d+\s*\)*\s+or\s+\(*\s*(\d+)\s*=\s*\1\b
sql_order_by_probe        sql_injection    1   ['"\`]\s*\)*\s*(?:order|group)\s+by\s+\d+\s*(?:--|#|\/\*)
sql_user_comment          sql_injection    0.5 \b(?:admin|administrator|root|user|sa|guest)['"]\s*\)?\s*(?:--|#|\/\*)
sql_quote_comment         sql_injection    0.5 \w['"\`]\s*\)*\s*(?:--|#|\/\*|;--)(?:\s|$)
sql_trailing_comment      sql_injection    0.3 (?:;|')\s*--\s?$|(?:;|')\s*#\s?$
sql_quote_union           sql_injection    1   (?:['"\`]|^\s*-?\d+)\s*\)*\s*union(?:\s+all)?\s+select\b
sql_union_select          sql_injection    0.5 \bunion(?:\s+all)?\s+select\b
sql_nulls                 sql_injection    0.4 \bselect\s+null\s*(?:,\s*null\s*){1,}|\bunion(?:\s+all)?\s+select\b[^;]{0,80}\bnull\b
sql_recon                 sql_injection    0.4 \binformation_schema\b|@@version\b|\bversion\(\)|\bsysobjects\b|\bpg_catalog\b|\bsqlite_master\b|\bmysql\.user\b
sql_stacked_destructive   sql_injection    0.8 ['"\`]\s*\)*\s*;\s*(?:drop\s+(?:table|database)|shutdown|exec(?:ute)?\s+(?:xp_|sp_|master)|truncate\s+table|delete\s+from\s+\w+\s*(?:;|--|$))
sql_stacked_query         sql_injection    0.5 ['\"\`]\s*\)*\s*;\s*(?:select|insert|update|delete|drop|exec|declare|waitfor|shutdown)\b
sql_leading_breakout      sql_injection    0.5 ^\s*['"\`]\s*\)*\s*;
sql_error_based           sql_injection    0.4 \bconvert\s*\(\s*int\s*,|\bextractvalue\s*\(|\bupdatexml\s*\(|\bcast\s*\(.{0,40}\bas\s+int\)
sql_quote_and_compare     sql_injection    0.5 ['\"\`]\s*\)*\s*and\s+\d+\s*=
sql_time_based            sql_injection    0.5 \b(?:sleep|pg_sleep|benchmark)\s*\(\s*\d+|\bwaitfor\s+delay\s+'
sql_quote_time            sql_injection    1   ['"\`]\s*\)*\s*(?:and|or|;)\s+(?:sleep|pg_sleep|benchmark|waitfor)\b
sql_server_procs          sql_injection    0.8 \bxp_cmdshell\b|\bsp_oacreate\b|\bload_file\s*\(|\binto\s+(?:out|dump)file\b|\bsp_executesql\b.{0,30}char\(
# --- cross-site scripting
xss_script_tag            xss              0.6 <script\b[^>]{0,200}>|<\/script\s*>
xss_probe_call            xss              0.5 \b(?:alert|prompt|confirm|print)\s*\(\s*(?:\d+|document\.(?:cookie|domain)|window\.origin|['"\`]xss['"\`]|string\.fromcharcode|\/xss\/)|\balert\`\d+\`
xss_cookie_theft          xss              0.6 document\.cookie\b.{0,80}(?:fetch|src|location|href|xmlhttprequest|send|open|\+)|(?:fetch|location(?:\.href)?\s*=|new image\(\)\.src\s*=|\.src\s*=).{0,100}document\.cookie
xss_event_handler         xss              0.7 <(?:img|svg|body|iframe|input|details|video|audio|a|div|marquee|object|embed|math|style|select|textarea|isindex|form|x)\b[^>]{0,100}\bon(?:error|load|mouseover|focus|toggle|click|begin|start|animationstart|pointerover|auxclick)\s*=\s*['"]?[^{'"\s]
xss_attribute_breakout    xss              0.7 ['"]\s*on[a-z]{3,20}\s*=\s*['"]?\s*(?:alert|prompt|confirm|eval|fetch|document\.|window\.|location\b|this\.)
xss_js_url                xss              0.7 (?:href|src|action|formaction|data|url|location(?:\.href)?)\s*[=(:]\s*['"]?\s*(?:javascript|vbscript|livescript)\s*:|^\s*(?:javascript|vbscript):
xss_js_call               xss              0.5 \bjavascript:(?:\/\/|alert|eval|fetch|document|window|void|this|top|self|prompt|confirm|location|atob)
xss_js_breakout           xss              1   ['"]\s*[-+*/|&^;]\s*(?:alert|prompt|confirm|eval)\s*\([^)]{0,30}\)\s*[-+*/|&^;]\s*['"]
xss_data_html             xss              0.6 \bdata:text\/html(?:;base64)?,|<iframe\b[^>]{0,80}\bsrcdoc\s*=
xss_dangerous_sink        xss              0.3 \beval\s*\(\s*(?:atob|unescape|string\.fromcharcode|location|name)\b|\bstring\.fromcharcode\s*\(\s*\d+\s*,\s*\d+
# --- path traversal and sensitive files
traversal_chain           path_traversal   0.5 (?:\.{2,}[/\\]{1,2}){2,}
traversal_encoded         path_traversal   0.8 (?:%2e%2e|\.\.|%252e%252e)(?:%2f|%5c|%252f|%c0%af|%c1%9c)|\.\.%c0%af|%2e%2e\/
sensitive_unix_file       path_traversal   0.5 \/etc\/(?:passwd|shadow|hosts|group|sudoers|issue|crontab)\b|\/proc\/self\/(?:environ|cmdline|mem|maps)|\/\.ssh\/(?:id_rsa|id_ed25519|authorized_keys)\b|\/root\/\.bash_history|\.htpasswd\b
sensitive_windows_file    path_traversal   0.5 \b(?:c:|%systemroot%)[/\\]+windows[/\\]+(?:system32|win\.ini|system\.ini)|[/\\]windows[/\\]+(?:system32[/\\]|win\.ini|system\.ini)|\bboot\.ini\b
file_url                  path_traversal   0.5 \bfile:\/\/\/?(?:etc|proc|c:|windows|root|home)
# --- shell / command injection
shell_separator_destroy   shell_injection  1   (?:^|[;&|]|\$\()\s*(?:sudo\s+)?rm\s+-[a-z]*[rf][a-z]*\s+(?:-[a-z]+\s+)*(?:\/\*?|~\/?|\$home|\/(?:etc|usr|var|home|bin|boot)\/?|--no-preserve-root)(?:\s|$|;|&|\||\`|\))
shell_destroy             shell_injection  0.5 \brm\s+-[a-z]*r[a-z]*f?[a-z]*\s+(?:\/\*?|--no-preserve-root)(?:\s|$)|\bmkfs\.\w+\s+\/dev\/[sh]d|\bdd\s+if=\/dev\/(?:zero|random|urandom)\s+of=\/dev\/[sh]d|:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:
shell_separator_recon     shell_injection  0.6 (?:[;\`|]|&&|\|\||\$\()\s*(?:cat\s+\/etc\/(?:passwd|shadow)|whoami\b|id\s*(?:[;\`|)&]|$)|uname\s+-a\b|net\s+user\b|ipconfig\b|ifconfig\b|ping\s+-[cn]\s*\d+\s+\S+|nslookup\s+\S+\.\S+)
shell_leading_separator   shell_injection  0.4 ^\s*[^\s;&|]{0,40}\s*(?:;|&&|\|\||\|)\s*(?:whoami|id|cat|ls|rm|curl|wget|nc|ncat|bash|sh|ping|uname|sleep|nslookup|dir|type|net)\b
shell_substitution_fetch  shell_injection  0.5 \$\(\s*(?:curl|wget|nc|ncat|bash|sh|python[23]?|perl|php|ruby|powershell)\b|\`\s*(?:whoami|uname\s+-a|cat\s+\/etc\/\w+|id|sleep\s+\d+|ping\s+-[cn]\s*\d+\s+\S+)\s*\`
shell_pipe_to_shell       shell_injection  0.3 \b(?:curl|wget)\b[^|;]{0,200}\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b
shell_injected_fetch_exec shell_injection  0.4 (?:;|&&|\|\|?)\s*(?:curl|wget)\s[^|;]{0,200}\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b
shell_fetch_pipe_exec     shell_injection  0.6 \$\(\s*(?:curl|wget)\b[^)]{0,200}\|\s*(?:ba)?sh\b|\`\s*(?:curl|wget)\b[^\`]{0,200}\|\s*(?:ba)?sh\b|(?:[;&|]|&&)\s*(?:curl|wget)\s+(?:-\w+\s+)*\S+\s+(?:-o|-O|>)\s*\/tmp\/\S+
shell_exec_fetch          shell_injection  0.7 \b(?:os\.system|os\.popen|subprocess\.[a-z_]+|shell_exec|passthru|system|exec(?:sync)?|child_process\.exec\w*)\s*\(\s*['"\`]\s*(?:curl|wget)\b[^'"\`]{0,200}\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b
shell_exfil_upload        shell_injection  0.6 \bcurl\b[^|;]{0,80}(?:-d|--data(?:-binary)?|-f|--form|-t|--upload-file)\s*@?\/etc\/(?:passwd|shadow)
shell_reverse_shell       shell_injection  1   \b(?:ba)?sh\s+-i\s+>&\s*\/dev\/tcp\/|\/dev\/tcp\/\d{1,3}(?:\.\d{1,3}){3}\/\d+|\b(?:nc|ncat|netcat)\b[^|;&]{0,60}\s-[ec]\s+\/bin\/(?:ba)?sh\b|\bmkfifo\s+\/tmp\/\w+.{0,40}\bnc\b|socket\.socket\(.{0,200}subprocess\.call\(\[?['"]\/bin\/(?:ba)?sh
shell_netcat_exfil        shell_injection  0.6 [|;&]\s*(?:nc|ncat|netcat)\s+(?:-\w+\s+)*[\w.-]+\s+\d{2,5}\b
shell_chmod_tmp           shell_injection  0.4 \bchmod\s+(?:\+x|777|\+s)\s+\/tmp\/\S+
shell_env_dump            shell_injection  0.4 (?:[;\`|]|&&|\$\()\s*(?:env|printenv|set)\s*(?:[;\`|)&]|$)|\bcat\s+~?\/?\.?(?:aws\/credentials|env)\b
# --- template / expression injection
ssti_arithmetic           template_injection 1   \{\{\s*\d+\s*[*+]\s*['"]?\d+['"]?\s*\}\}|<%=\s*\d+\s*\*\s*\d+\s*%>|\{\{=\s*\d+\s*\*\s*\d+\s*\}\}
expression_arithmetic     template_injection 0.6 [$#@]\{\s*\d+\s*\*\s*\d+\s*\}|\*\{\s*\d+\s*\*\s*\d+\s*\}
ssti_dunder               template_injection 1   (?:\{\{|\{%|\$\{).{0,80}(?:__class__|__mro__|__subclasses__|__globals__|__builtins__|__import__|__init__|config\.items\(\)|self\._templatereference|lipsum\.|cycler\.|request\.application|\.popen\()
jndi_lookup               template_injection 1   \$\{\s*(?:jndi|\$\{lower:j\}|\$\{::-j\})
log4j_lookup              template_injection 0.6 \$\{(?:env|sys|java|ctx|main|lower|upper|date|base64|bundle|docker|k8s):
expression_java           template_injection 1   [$*#]\{[^}]{0,40}t\(java\.lang\.runtime\)|\bruntime\.getruntime\(\)\.exec\(|\{\{.{0,40}constructor\.constructor\(
# --- NoSQL and LDAP injection
nosql_where               nosql_ldap_injection 0.6 ['"]?\$where['"]?\s*:|\$where\b.{0,40}(?:sleep\(|this\.|return\b|function\b)
nosql_where_code          nosql_ldap_injection 1   \$where['"]?\s*:\s*['"]?\s*(?:function\b|this\.|sleep\(|return\b|true\b|1\b)
nosql_operator            nosql_ldap_injection 0.5 ['"]\$(?:ne|gt|gte|lt|lte|nin|regex|exists|expr|function|accumulator)['"]\s*:\s*(?:null|""|''|0|1|true|false|\[\]|\{\}|['"]\.\*|-?\d+)
nosql_login_bypass        nosql_ldap_injection 1   (?:user(?:name)?|login|email)['"]?\s*:\s*\{\s*['"]?\$(?:ne|gt|regex|nin|exists)\b.{0,80}(?:pass(?:word)?|pwd)['"]?\s*:\s*\{\s*['"]?\$(?:ne|gt|regex|nin|exists)\b
nosql_password_operator   nosql_ldap_injection 0.6 (?:pass(?:word)?|pwd)['"]?\s*:\s*\{\s*['"]?\$(?:ne|gt|regex|nin|exists)\b
js_return_true            nosql_ldap_injection 1   ['"]\s*;\s*return\s+(?:true|1)\s*;\s*var\s+\w+\s*=\s*['"]
js_breakout               nosql_ldap_injection 0.6 ['"]\s*;\s*(?:return\s+(?:true|1)|while\s*\(\s*true\s*\)|sleep\(\d+\))\s*;?\s*(?:var\s+\w+\s*=\s*['"]|\/\/|$)
ldap_injection            nosql_ldap_injection 1   \*\)\s*\(+\s*[|&!]?\s*\(*\s*[\w-]+\s*=\s*\*|\)\s*\(\s*\|\s*\(\s*[\w-]+\s*=\s*\*\s*\)|\*\)\(\|\(|\badmin\)\([|&]?\(|\*\)\)%00
# --- XML external entities and server-side request forgery
xxe_entity                xxe_ssrf         1   <!entity\s+%?\s*\w+\s+(?:system|public)\s+['"](?:file|http|https|php|expect|ftp|jar|netdoc|gopher):
xxe_doctype               xxe_ssrf         0.5 <!doctype\s+\w+\s*\[\s*<!entity
ssrf_metadata             xxe_ssrf         0.8 \b169\.254\.169\.254\b|\bmetadata\.google\.internal\b|\bfd00:ec2::254\b|\b100\.100\.100\.200\b
cloud_metadata_path       xxe_ssrf         0.4 \blatest\/(?:meta-data|user-data|dynamic)\b|\bcomputemetadata\/v1\b|\/security-credentials\b
fetch_internal_url        xxe_ssrf         0.4 \b(?:fetch|load|curl|wget|get|open|request|visit|browse to|access|read)\b.{0,20}\bhttps?:\/\/(?:169\.254\.|127\.|localhost\b|0\.0\.0\.0|\[::1?\]|10\.|192\.168\.|metadata\b|metadata\.)
ssrf_gopher               xxe_ssrf         0.6 \b(?:gopher|dict|ldap|tftp):\/\/[\w.-]+(?::\d+)?\/?_?
ssrf_gopher_payload       xxe_ssrf         1   \bgopher:\/\/[\w.-]+:\d+\/_\S
`;

export const SIGNALS: readonly Signal[] = TABLE.split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("#"))
  .map((line) => {
    const m = /^(\S+)\s+(\S+)\s+(\S+)\s+(.+)$/.exec(line)!;
    return {
      id: m[1],
      category: m[2] as InjectionCategory,
      weight: Number(m[3]),
      pattern: new RegExp(m[4]),
      locate: new RegExp(m[4], "g"),
    };
  });

/**
 * Prompt-injection signals that name or describe an attack rather than give the model an order
 * ("the DAN jailbreak", "hidden text", "without restrictions"): in a text that discusses attacks
 * they count only once the text also gives the model an order (injection_detector.ts).
 */
export const TERMS: ReadonlySet<string> = new Set([
  "dan_name",
  "jailbreak_word",
  "no_restrictions",
  "grandma_exploit",
  "openai_policy",
  "start_of_conversation",
  "hidden_system_text",
  "verbatim",
]);

/** Query operators as object keys: a NoSQL injection shape ($schema, $ref and $defs are fine). */
export const QUERY_OPERATOR_KEYS: ReadonlySet<string> = new Set([
  "$where",
  "$ne",
  "$gt",
  "$gte",
  "$lt",
  "$lte",
  "$nin",
  "$regex",
  "$expr",
  "$function",
  "$accumulator",
]);
