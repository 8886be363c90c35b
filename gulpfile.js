const { src, dest } = require('gulp');

// tsc emits only JavaScript; n8n loads the icons from next to the compiled files.
function copyIcons() {
	return src(['nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = copyIcons;
