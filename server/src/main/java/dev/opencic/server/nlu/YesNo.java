package dev.opencic.server.nlu;

import java.util.regex.Pattern;

/** A yes or a no to a yes/no question ("Did you want an alarm at 8 am?"), typed or spoken. */
public final class YesNo {

    private YesNo() {}

    private static final Pattern YES = Pattern.compile(
            "(?:oh |well |um |uh )?(?:yes|yeah|yep|yup|sure|correct|right|exactly|that's right|that is right|"
            + "please do|do it|go ahead|ok|okay|affirmative|of course|absolutely|i did|i do|yes i did)"
            + "(?: please| thanks| thank you| do it| go ahead| that's right| it is| i did)*");
    private static final Pattern NO = Pattern.compile(
            "(?:oh |well |um |uh )?(?:no|nope|nah|wrong|not really|no way|don't|do not|that's wrong|i didn't|no i didn't)"
            + "(?: thanks| thank you| it isn't| that's wrong| don't)*");

    public static boolean isYes(String reply) {
        return reply != null && YES.matcher(TextNormalizer.normalize(reply)).matches();
    }

    public static boolean isNo(String reply) {
        return reply != null && NO.matcher(TextNormalizer.normalize(reply)).matches();
    }
}
